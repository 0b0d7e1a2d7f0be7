import { createActor, type AnyActorScope, type ExecutableActionObject } from 'xstate';
import { deepFreeze } from './deep-freeze';
import type { ChecklistItem, Dialog, Question } from './dialog-schema';
import { QuestionPlanner } from './question-planner';
import { CLARIFYING_STATE, CONCLUDED_STATE, createTriageMachine, type TriageContext, type TriageEvent, type TriageMachine } from './triage-machine';
import type { RedFlagSlot, SlotName } from './slots';

/** One red flag of a checklist asked on its own, as a yes / no / not sure question. */
export function clarificationQuestion(slot: RedFlagSlot, item: ChecklistItem): Question {
  return {
    id: `confirm-${slot}`,
    kind: 'yesNo',
    text: item.question,
    hint: 'Please answer yes, no or not sure.',
    slots: [slot],
    allowUnsure: true,
    shapesPlan: false,
  };
}

/** The part of a triage that is stored between turns: the machine's state and context. */
export interface TriageState {
  value: string;
  context: TriageContext;
}

/** What the bot must do after a turn, in order. */
export type TriageAction =
  | { type: 'askQuestion'; question: Question; pendingSlots: SlotName[]; withHint: boolean }
  | { type: 'concludeTriage' };

/** The result of one turn: the next state to store and the actions to carry out. */
export interface TriageStep {
  state: TriageState;
  actions: TriageAction[];
}

/**
 * Runs the triage as pure turns: restore the stored state, send one event, return the next state
 * and the named actions. No I/O; the bot carries out the actions.
 */
export class TriageEngine {
  private readonly machine: TriageMachine;
  private readonly planner: QuestionPlanner;
  private readonly questions: Map<string, Question>;
  private readonly scope: AnyActorScope;
  private collected: ExecutableActionObject[] = [];
  private firstStep?: TriageStep;

  constructor(readonly dialog: Dialog) {
    this.machine = createTriageMachine(dialog);
    this.planner = new QuestionPlanner(dialog);
    this.questions = new Map(dialog.questions.map((question) => [question.id, question]));
    // What xstate's `transition()` builds on every call (an inert actor scope that only collects the
    // actions), built once: creating it runs the machine's initial transition, which cost more than
    // the turn itself. The machine has no children or delays, so nothing in the scope carries over.
    const self = createActor(this.machine);
    this.scope = {
      self,
      id: '',
      sessionId: '',
      logger: () => {},
      defer: () => {},
      emit: () => {},
      system: self.system,
      stopChild: () => {},
      actionExecutor: (action) => {
        this.collected.push(action);
      },
    };
  }

  /** The first step of a new triage: the same for every triage, so it is worked out once and shared (frozen). */
  start(): TriageStep {
    if (!this.firstStep) {
      const snapshot = this.collect(() => this.machine.getInitialSnapshot(this.scope, undefined));
      this.firstStep = deepFreeze(this.toStep(snapshot.value as string, snapshot.context, this.collected));
    }
    return this.firstStep;
  }

  /** One turn from a stored state. Throws only if `state` does not belong to this machine (see `isValidState`). */
  step(state: TriageState, event: TriageEvent): TriageStep {
    const snapshot = this.machine.resolveState({ value: state.value, context: state.context });
    const next = this.collect(() => this.machine.transition(snapshot, event, this.scope));
    return this.toStep(next.value as string, next.context, this.collected);
  }

  /** Runs a synchronous transition with a fresh action list (each call starts its own). */
  private collect<T>(run: () => T): T {
    this.collected = [];
    return run();
  }

  /** True when a stored state names a state of this machine. */
  isValidState(state: TriageState): boolean {
    return state.value === CONCLUDED_STATE || state.value === CLARIFYING_STATE || this.questions.has(state.value);
  }

  /** The question pending in `state` (a red flag asked directly is a yes/no question of its own), if any. */
  pendingQuestion(state: TriageState): Question | undefined {
    if (state.value !== CLARIFYING_STATE) return this.questions.get(state.value);
    const step = this.planner.next(state.context.facts, state.context.clarify, state.context.announced);
    return step.kind === 'clarify' ? clarificationQuestion(step.slot, step.item) : undefined;
  }

  /** True when the triage has reached its outcome. */
  isConcluded(state: TriageState): boolean {
    return state.value === CONCLUDED_STATE;
  }

  private toStep(value: string, context: TriageContext, executable: { type: string; params: unknown }[]): TriageStep {
    const withHint = executable.some((action) => action.type === 'giveHint');
    const actions: TriageAction[] = [];
    for (const action of executable) {
      if (action.type === 'askQuestion') {
        const question = this.questions.get((action.params as { questionId: string }).questionId)!;
        actions.push({ type: 'askQuestion', question, pendingSlots: this.planner.pendingSlots(question, context.facts), withHint });
      } else if (action.type === 'askClarification') {
        const step = this.planner.next(context.facts, context.clarify, context.announced);
        if (step.kind === 'clarify') {
          actions.push({ type: 'askQuestion', question: clarificationQuestion(step.slot, step.item), pendingSlots: [step.slot], withHint });
        }
      } else if (action.type === 'concludeTriage') {
        actions.push({ type: 'concludeTriage' });
      }
    }
    return { state: { value, context }, actions };
  }
}

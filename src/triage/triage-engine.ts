import { initialTransition, transition } from 'xstate';
import type { Dialog, Question } from './dialog-schema';
import { QuestionPlanner } from './question-planner';
import { CLARIFYING_STATE, CONCLUDED_STATE, createTriageMachine, type TriageContext, type TriageEvent, type TriageMachine } from './triage-machine';
import type { RedFlagSlot, SlotName } from './slots';

/** The part of a triage that is stored between turns: the machine's state and context. */
export interface TriageState {
  value: string;
  context: TriageContext;
}

/** What the bot must do after a turn, in order. */
export type TriageAction =
  | { type: 'askQuestion'; question: Question; pendingSlots: SlotName[]; withHint: boolean }
  | { type: 'askClarification'; slot: RedFlagSlot; withHint: boolean }
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

  constructor(readonly dialog: Dialog) {
    this.machine = createTriageMachine(dialog);
    this.planner = new QuestionPlanner(dialog);
    this.questions = new Map(dialog.questions.map((question) => [question.id, question]));
  }

  /** The first step of a new triage. */
  start(): TriageStep {
    const [snapshot, actions] = initialTransition(this.machine);
    return this.toStep(snapshot.value as string, snapshot.context, actions);
  }

  /** One turn from a stored state. Throws only if `state` does not belong to this machine (see `isValidState`). */
  step(state: TriageState, event: TriageEvent): TriageStep {
    const snapshot = this.machine.resolveState({ value: state.value, context: state.context });
    const [next, actions] = transition(this.machine, snapshot, event);
    return this.toStep(next.value as string, next.context, actions);
  }

  /** True when a stored state names a state of this machine. */
  isValidState(state: TriageState): boolean {
    return state.value === CONCLUDED_STATE || state.value === CLARIFYING_STATE || this.questions.has(state.value);
  }

  /** The question pending in `state`, if a question is pending. */
  pendingQuestion(state: TriageState): Question | undefined {
    if (state.value === CLARIFYING_STATE) {
      const slot = state.context.clarify.find((candidate) => state.context.facts[candidate] === undefined);
      return slot ? this.planner.questionOf(slot) : undefined;
    }
    return this.questions.get(state.value);
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
        const step = this.planner.next(context.facts, context.clarify);
        if (step.kind === 'clarify') actions.push({ type: 'askClarification', slot: step.slot, withHint });
      } else if (action.type === 'concludeTriage') {
        actions.push({ type: 'concludeTriage' });
      }
    }
    return { state: { value, context }, actions };
  }
}

import { initialTransition, transition } from 'xstate';
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

  /** The question pending in `state` (a red flag asked directly is a yes/no question of its own), if any. */
  pendingQuestion(state: TriageState): Question | undefined {
    if (state.value !== CLARIFYING_STATE) return this.questions.get(state.value);
    const step = this.planner.next(state.context.facts, state.context.clarify);
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
        const step = this.planner.next(context.facts, context.clarify);
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

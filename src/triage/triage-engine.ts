import { initialTransition, transition, type StateValue } from 'xstate';
import { deepFreeze } from './deep-freeze';
import type { ChecklistItem, Dialog, Question } from './dialog-schema';
import { QuestionRules } from './question-rules';
import { CLARIFYING_STATE, OUTCOME_STATE, createTriageMachine, waitingStateName, type TriageContext, type TriageEvent, type TriageMachine } from './triage-machine';
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

/**
 * The part of a triage that is stored between turns: where it waits (a question id, `clarifying` or
 * `outcome`) and the context.
 */
export interface TriageState {
  value: string;
  context: TriageContext;
}

/** What the bot must do after a turn, in order. */
export type TriageAction =
  | { type: 'askQuestion'; question: Question; pendingSlots: SlotName[]; withHint: boolean }
  /** Within 24 hours, told before the questions that could still raise it. */
  | { type: 'giveEarlyOutcome' }
  /** The questions have ended: the outcome for every fact collected. */
  | { type: 'giveOutcome' };

/** The result of one turn: the next state to store and the actions to carry out. */
export interface TriageStep {
  state: TriageState;
  actions: TriageAction[];
}

/**
 * Runs the triage as pure turns with xstate's `initialTransition` / `transition`: restore the stored
 * state, send one event, return the next state and the named actions. No I/O; the bot carries out the actions.
 */
export class TriageEngine {
  private readonly machine: TriageMachine;
  private readonly rules: QuestionRules;
  private readonly questions: Map<string, Question>;
  /** Where the machine can wait for the user, by the name stored in a record. */
  private readonly waitingStates = new Map<string, StateValue>();
  private firstStep?: TriageStep;

  constructor(readonly dialog: Dialog) {
    this.machine = createTriageMachine(dialog);
    this.rules = new QuestionRules(dialog);
    this.questions = new Map(dialog.questions.map((question) => [question.id, question]));
    this.waitingStates.set(CLARIFYING_STATE, CLARIFYING_STATE).set(OUTCOME_STATE, OUTCOME_STATE);
    for (const [phase, node] of Object.entries(this.machine.root.states)) {
      for (const questionId of Object.keys(node.states)) this.waitingStates.set(questionId, { [phase]: { [questionId]: 'asking' } });
    }
  }

  /** The first step of a new triage: the same for every triage, so it is worked out once and shared (frozen). */
  start(): TriageStep {
    if (!this.firstStep) {
      const [snapshot, actions] = initialTransition(this.machine);
      this.firstStep = deepFreeze(this.toStep(snapshot.value, snapshot.context, actions));
    }
    return this.firstStep;
  }

  /** One turn from a stored state. Throws only if `state` does not belong to this machine (see `isValidState`). */
  step(state: TriageState, event: TriageEvent): TriageStep {
    const value = this.waitingStates.get(state.value);
    if (value === undefined) throw new Error(`Not a state of the triage: ${state.value}`);
    const [next, actions] = transition(this.machine, this.machine.resolveState({ value, context: state.context }), event);
    return this.toStep(next.value, next.context, actions);
  }

  /** True when a stored state names a state of this machine where it waits for the user. */
  isValidState(state: TriageState): boolean {
    return this.waitingStates.has(state.value);
  }

  /** The question pending in `state` (a red flag asked directly is a yes/no question of its own), if any. */
  pendingQuestion(state: TriageState): Question | undefined {
    if (state.value !== CLARIFYING_STATE) return this.questions.get(state.value);
    const toClarify = this.rules.redFlagToClarify(state.context.facts, state.context.clarify);
    return toClarify && clarificationQuestion(toClarify.slot, toClarify.item);
  }

  /** True when the questions have ended and the outcome is given. */
  isConcluded(state: TriageState): boolean {
    return state.value === OUTCOME_STATE;
  }

  private toStep(value: StateValue, context: TriageContext, executable: { type: string; params?: unknown }[]): TriageStep {
    const withHint = executable.some((action) => action.type === 'giveHint');
    const actions: TriageAction[] = [];
    for (const action of executable) {
      if (action.type === 'askQuestion') {
        const question = this.questions.get((action.params as { questionId: string }).questionId)!;
        actions.push({ type: 'askQuestion', question, pendingSlots: this.rules.pendingSlots(question, context.facts), withHint });
      } else if (action.type === 'askToClarify') {
        const toClarify = this.rules.redFlagToClarify(context.facts, context.clarify);
        if (toClarify) {
          actions.push({ type: 'askQuestion', question: clarificationQuestion(toClarify.slot, toClarify.item), pendingSlots: [toClarify.slot], withHint });
        }
      } else if (action.type === 'giveEarlyOutcome' || action.type === 'giveOutcome') {
        actions.push({ type: action.type });
      }
    }
    return { state: { value: waitingStateName(value), context }, actions };
  }
}

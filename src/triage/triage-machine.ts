import { assign, setup, type StateValue } from 'xstate';
import type { Dialog, Disposition, Question } from './dialog-schema';
import { QuestionRules } from './question-rules';
import { isRedFlagSlot, type Facts, type RedFlagSlot, type SlotName } from './slots';

/** The events a turn sends to the triage (namespaced, as in style.md). */
export type TriageEvent =
  /** The user gave slot values (any slots, not only the pending question's) and/or mentioned red flags unclearly. */
  | { type: 'user.answered'; facts: Facts; unclear?: RedFlagSlot[] }
  /** The message held no answer (a knowledge question, "why", an empty message): the pending question is asked again. */
  | { type: 'user.gaveNoAnswer' }
  /** The answer could not be understood: the pending question is asked again with its hint. */
  | { type: 'user.misunderstood' }
  /** "back": the previous answer is removed and its question asked again. */
  | { type: 'user.wentBack' }
  /** "restart": every answer is dropped and the triage starts again. */
  | { type: 'user.restarted' };

/** What the triage remembers between turns. Small on purpose: it is stored per conversation. */
export interface TriageContext {
  facts: Facts;
  /** The slots each answer filled, oldest first ("back" removes the last). */
  history: SlotName[][];
  /** Red flags mentioned unclearly, to ask directly. */
  clarify: RedFlagSlot[];
  /** The most urgent outcome already given before the questions ended (consultation_24 told at once). */
  announced?: Disposition;
}
/** The phase that holds the outcome once the questions have ended (it still takes answers: a late red flag raises it). */
export const OUTCOME_STATE = 'outcome';
/** The phase that asks one red flag, told unclearly, on its own. */
export const CLARIFYING_STATE = 'clarifying';
/** The phase that screens for red flags: the questions whose slots are all red flags. */
export const SCREENING_PHASE = 'screening';
/** The phase that asks about the pain: the other questions. */
export const PAIN_DETAILS_PHASE = 'painDetails';
const DECIDING_STATE = 'deciding';
const EARLY_OUTCOME_STATE = 'earlyOutcome';
const RESERVED_STATES = [OUTCOME_STATE, CLARIFYING_STATE, SCREENING_PHASE, PAIN_DETAILS_PHASE, DECIDING_STATE, EARLY_OUTCOME_STATE];

/** The empty context of a new triage. */
export const EMPTY_CONTEXT: TriageContext = { facts: {}, history: [], clarify: [] };

/** The state id of a question (its `considering` step, where the skip rules are read). */
export const questionStateId = (questionId: string) => `question:${questionId}`;

/** The name of a state where the triage waits for the user: the question asked, `clarifying` or `outcome`. */
export function waitingStateName(value: StateValue): string {
  if (typeof value === 'string') return value;
  const [phase, inner] = Object.entries(value)[0];
  return typeof inner === 'string' || inner === undefined ? phase : Object.keys(inner)[0];
}

/**
 * Merges an answer into the context. A red flag already answered yes stays yes, and one answered
 * "not sure" is never lowered to no (triage-policy: "not sure" gives the flag's floor): only "back"
 * or "restart" undo them.
 */
export function recordAnswer(context: TriageContext, facts: Facts, unclear: readonly RedFlagSlot[] = []): TriageContext {
  const merged: Record<string, unknown> = { ...context.facts };
  const changed: SlotName[] = [];
  for (const [slot, value] of Object.entries(facts) as [SlotName, unknown][]) {
    if (value === undefined || merged[slot] === value) continue;
    if (isRedFlagSlot(slot) && (merged[slot] === true || (merged[slot] === 'unsure' && value === false))) continue;
    merged[slot] = value;
    changed.push(slot);
  }
  const clarify = [...new Set([...context.clarify, ...unclear])].filter((slot) => merged[slot] === undefined);
  return {
    ...context,
    facts: merged as Facts,
    history: changed.length > 0 ? [...context.history, changed] : context.history,
    clarify,
  };
}

/** Removes the last answer from the context. */
export function undoLastAnswer(context: TriageContext): TriageContext {
  const last = context.history.at(-1);
  if (!last) return context;
  const facts: Record<string, unknown> = { ...context.facts };
  for (const slot of last) delete facts[slot];
  return { ...context, facts: facts as Facts, history: context.history.slice(0, -1) };
}

/** The screening questions (every slot a red flag) come first in the dialog, then the pain details. */
function splitIntoPhases(questions: readonly Question[]): { screening: Question[]; painDetails: Question[] } {
  const isScreening = (question: Question) => question.slots.every(isRedFlagSlot);
  const screening = questions.filter(isScreening);
  if (questions.slice(0, screening.length).some((question) => !isScreening(question))) {
    throw new Error('The screening questions (red flags only) must come before the pain details in dialogs/triage.json');
  }
  return { screening, painDetails: questions.slice(screening.length) };
}

/**
 * Builds the triage statechart from the decision graph. Phases: `screening` (red flags) and
 * `painDetails`, each its questions in the dialog's order; `clarifying` (one red flag told unclearly,
 * asked on its own); `earlyOutcome` (within 24 hours, told at once, before the questions that could
 * still raise it); `outcome`. After every answer `deciding` reads the emergency exit and the policy, and
 * then the questions are walked in order from the first: each is passed over when it is already told,
 * not asked for these facts ("asked only when …") or cannot change the outcome, and the first one left
 * is asked. So an emergency answer ends the questions at once and no question is asked twice.
 */
export function createTriageMachine(dialog: Dialog) {
  const rules = new QuestionRules(dialog);
  const questionsById = new Map(dialog.questions.map((question) => [question.id, question]));
  for (const question of dialog.questions) {
    if (RESERVED_STATES.includes(question.id)) throw new Error(`Question id "${question.id}" is reserved`);
  }
  const { screening, painDetails } = splitIntoPhases(dialog.questions);
  const question = (params: { questionId: string }) => questionsById.get(params.questionId)!;

  // One question: `considering` reads the skip rules on the way in (no side effect), `asking` asks and waits.
  const questionState = (current: Question, next: Question | undefined) => {
    const passOver = next ? `#${questionStateId(next.id)}` : `#triage.${OUTCOME_STATE}`;
    const params = { questionId: current.id };
    return {
      initial: 'considering',
      states: {
        considering: {
          id: questionStateId(current.id),
          always: [
            { guard: { type: 'alreadyTold' as const, params }, target: passOver },
            ...(current.askWhen ? [{ guard: { type: 'notAskedNow' as const, params }, target: passOver }] : []),
            { guard: { type: 'cannotChangeOutcome' as const, params }, target: passOver },
            { target: 'asking' },
          ],
        },
        asking: {
          entry: { type: 'askQuestion' as const, params },
          on: {
            'user.answered': { target: `#triage.${DECIDING_STATE}`, actions: 'recordAnswer' as const },
            'user.gaveNoAnswer': { target: 'asking', reenter: true },
            'user.misunderstood': { target: 'asking', reenter: true, actions: 'giveHint' as const },
          },
        },
      },
    };
  };
  const phase = (questions: Question[], after: Question | undefined) => ({
    initial: questions[0].id,
    states: Object.fromEntries(questions.map((current, index) => [current.id, questionState(current, questions[index + 1] ?? after)])),
  });

  return setup({
    types: { context: {} as TriageContext, events: {} as TriageEvent },
    guards: {
      emergencyReached: ({ context }) => rules.emergencyReached(context.facts),
      nothingLeftToAsk: ({ context }) => rules.nothingLeftToAsk(context.facts, context.clarify),
      urgentOutcomeNotYetGiven: ({ context }) => rules.urgentOutcomeNotYetGiven(context.facts, context.announced),
      redFlagToClarify: ({ context }) => rules.redFlagToClarify(context.facts, context.clarify) !== undefined,
      alreadyTold: ({ context }, params: { questionId: string }) => rules.alreadyTold(question(params), context.facts),
      notAskedNow: ({ context }, params: { questionId: string }) => rules.notAskedNow(question(params), context.facts),
      cannotChangeOutcome: ({ context }, params: { questionId: string }) => rules.cannotChangeOutcome(question(params), context.facts),
    },
    actions: {
      recordAnswer: assign(({ context, event }) => (event.type === 'user.answered' ? recordAnswer(context, event.facts, event.unclear) : context)),
      takeBackLastAnswer: assign(({ context }) => undoLastAnswer(context)),
      forgetAllAnswers: assign(() => EMPTY_CONTEXT),
      recordEarlyOutcome: assign(({ context }) => ({ ...context, announced: rules.outcomeSoFar(context.facts) })),
      // The actions below are carried out by the bot: the machine only names them.
      askQuestion: (_, _params: { questionId: string }) => {},
      askToClarify: () => {},
      giveHint: () => {},
      giveEarlyOutcome: () => {},
      giveOutcome: () => {},
    },
  }).createMachine({
    id: 'triage',
    context: EMPTY_CONTEXT,
    initial: DECIDING_STATE,
    on: {
      'user.wentBack': { target: `.${DECIDING_STATE}`, actions: 'takeBackLastAnswer' },
      'user.restarted': { target: `.${DECIDING_STATE}`, actions: 'forgetAllAnswers' },
    },
    states: {
      // Where every turn with an answer goes first: the emergency exit, the end of the questions, then the next question.
      [DECIDING_STATE]: {
        always: [
          { guard: 'emergencyReached', target: OUTCOME_STATE },
          { guard: 'nothingLeftToAsk', target: OUTCOME_STATE },
          { guard: 'urgentOutcomeNotYetGiven', target: EARLY_OUTCOME_STATE },
          { guard: 'redFlagToClarify', target: CLARIFYING_STATE },
          { target: SCREENING_PHASE },
        ],
      },
      [SCREENING_PHASE]: phase(screening, painDetails[0]),
      [PAIN_DETAILS_PHASE]: phase(painDetails, undefined),
      [CLARIFYING_STATE]: {
        entry: 'askToClarify',
        on: {
          'user.answered': { target: DECIDING_STATE, actions: 'recordAnswer' },
          'user.gaveNoAnswer': { target: CLARIFYING_STATE, reenter: true },
          'user.misunderstood': { target: CLARIFYING_STATE, reenter: true, actions: 'giveHint' },
        },
      },
      // Within 24 hours is given now; then the questions that could still raise it go on.
      [EARLY_OUTCOME_STATE]: { entry: ['giveEarlyOutcome', 'recordEarlyOutcome'], always: DECIDING_STATE },
      [OUTCOME_STATE]: {
        entry: 'giveOutcome',
        on: {
          'user.answered': { target: DECIDING_STATE, actions: 'recordAnswer' },
          'user.gaveNoAnswer': {},
          'user.misunderstood': {},
        },
      },
    },
  });
}

/** The machine type built from a dialog. */
export type TriageMachine = ReturnType<typeof createTriageMachine>;

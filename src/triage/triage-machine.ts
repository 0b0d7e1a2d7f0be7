import { assign, setup } from 'xstate';
import type { Dialog, Disposition } from './dialog-schema';
import { QuestionPlanner, type NextStep } from './question-planner';
import { isRedFlagSlot, type Facts, type RedFlagSlot, type SlotName } from './slots';

/** The events a turn sends to the triage (namespaced, as in style.md). */
export type TriageEvent =
  /** The user gave slot values (any slots, not only the pending question's) and/or mentioned red flags unclearly. */
  | { type: 'user.answered'; facts: Facts; unclear?: RedFlagSlot[] }
  /** The user asked something else (a knowledge question): the pending question is asked again. */
  | { type: 'user.asked' }
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

/** The state that holds the outcome. */
export const CONCLUDED_STATE = 'concluded';
/** The state that asks one red flag directly. */
export const CLARIFYING_STATE = 'clarifying';
const ROUTING_STATE = 'routing';
const ANNOUNCING_STATE = 'announcing';
const RESERVED_STATES = [CONCLUDED_STATE, CLARIFYING_STATE, ROUTING_STATE, ANNOUNCING_STATE];

/** The empty context of a new triage. */
export const EMPTY_CONTEXT: TriageContext = { facts: {}, history: [], clarify: [] };

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

/**
 * Builds the triage machine from the decision graph: one state per question, a `clarifying` state
 * for a red flag to ask directly, an `announcing` step that gives an urgent outcome before the last
 * questions, and `concluded`. Every answer goes straight to the step the planner picks for the facts
 * with that answer in them (start, "back", "restart" and an announcement pass through `routing`, which
 * asks the planner the same way), so an emergency concludes at once and no question is asked twice.
 */
export function createTriageMachine(dialog: Dialog) {
  const planner = new QuestionPlanner(dialog);
  for (const question of dialog.questions) {
    if (RESERVED_STATES.includes(question.id)) throw new Error(`Question id "${question.id}" is reserved`);
  }
  // The guards of one transition all read the same context and event (neither is ever mutated: an answer
  // makes new ones), so the last result is kept by identity and each is computed once per transition.
  let stepFor: { context: TriageContext; step: NextStep } | undefined;
  const nextStep = (context: TriageContext): NextStep => {
    if (stepFor?.context !== context) stepFor = { context, step: planner.next(context.facts, context.clarify, context.announced) };
    return stepFor.step;
  };
  // An answer's guards (evaluated before its actions) and its recordAnswer action see the same merged context.
  let answerFor: { context: TriageContext; event: TriageEvent; merged: TriageContext } | undefined;
  const afterAnswer = (context: TriageContext, event: TriageEvent): TriageContext => {
    if (event.type !== 'user.answered') return context;
    if (answerFor?.context !== context || answerFor.event !== event) {
      answerFor = { context, event, merged: recordAnswer(context, event.facts, event.unclear) };
    }
    return answerFor.merged;
  };
  // An answer goes straight to what comes next (one microstep), decided on the context with the answer in it.
  const answeredTransitions = [
    { guard: 'answerNeedsAnnouncement' as const, target: ANNOUNCING_STATE, actions: 'recordAnswer' as const },
    { guard: 'answerNeedsClarification' as const, target: CLARIFYING_STATE, actions: 'recordAnswer' as const, reenter: true },
    ...dialog.questions.map((question) => ({
      guard: { type: 'answerLeadsTo' as const, params: { questionId: question.id } },
      target: question.id,
      actions: 'recordAnswer' as const,
      reenter: true,
    })),
    { target: CONCLUDED_STATE, actions: 'recordAnswer' as const },
  ];
  const answerHandlers = (stateId: string) => ({
    'user.answered': answeredTransitions,
    'user.asked': { target: stateId, reenter: true },
    'user.misunderstood': { target: stateId, reenter: true, actions: 'giveHint' as const },
  });

  return setup({
    types: { context: {} as TriageContext, events: {} as TriageEvent },
    guards: {
      needsAnnouncement: ({ context }) => nextStep(context).kind === 'announce',
      needsClarification: ({ context }) => nextStep(context).kind === 'clarify',
      isNextQuestion: ({ context }, params: { questionId: string }) => {
        const step = nextStep(context);
        return step.kind === 'ask' && step.question.id === params.questionId;
      },
      answerNeedsAnnouncement: ({ context, event }) => nextStep(afterAnswer(context, event)).kind === 'announce',
      answerNeedsClarification: ({ context, event }) => nextStep(afterAnswer(context, event)).kind === 'clarify',
      answerLeadsTo: ({ context, event }, params: { questionId: string }) => {
        const step = nextStep(afterAnswer(context, event));
        return step.kind === 'ask' && step.question.id === params.questionId;
      },
    },
    actions: {
      recordAnswer: assign(({ context, event }) => afterAnswer(context, event)),
      undoLastAnswer: assign(({ context }) => undoLastAnswer(context)),
      reset: assign(() => EMPTY_CONTEXT),
      recordAnnouncement: assign(({ context }) => {
        const step = nextStep(context);
        return step.kind === 'announce' ? { ...context, announced: step.disposition } : context;
      }),
      // The actions below are carried out by the bot: the machine only names them.
      askQuestion: (_, _params: { questionId: string }) => {},
      askClarification: () => {},
      giveHint: () => {},
      concludeTriage: () => {},
    },
  }).createMachine({
    id: 'triage',
    context: EMPTY_CONTEXT,
    initial: ROUTING_STATE,
    on: {
      'user.wentBack': { target: `.${ROUTING_STATE}`, actions: 'undoLastAnswer' },
      'user.restarted': { target: `.${ROUTING_STATE}`, actions: 'reset' },
    },
    states: {
      [ROUTING_STATE]: {
        always: [
          { guard: 'needsAnnouncement', target: ANNOUNCING_STATE },
          { guard: 'needsClarification', target: CLARIFYING_STATE },
          ...dialog.questions.map((question) => ({
            guard: { type: 'isNextQuestion' as const, params: { questionId: question.id } },
            target: question.id,
          })),
          { target: CONCLUDED_STATE },
        ],
      },
      // The outcome so far is given, then the questions that could still raise it go on.
      [ANNOUNCING_STATE]: { entry: ['concludeTriage', 'recordAnnouncement'], always: ROUTING_STATE },
      [CLARIFYING_STATE]: { entry: 'askClarification', on: answerHandlers(CLARIFYING_STATE) },
      ...Object.fromEntries(
        dialog.questions.map((question) => [
          question.id,
          { entry: { type: 'askQuestion' as const, params: { questionId: question.id } }, on: answerHandlers(question.id) },
        ]),
      ),
      [CONCLUDED_STATE]: {
        entry: 'concludeTriage',
        on: {
          'user.answered': { target: ROUTING_STATE, actions: 'recordAnswer' },
          'user.asked': {},
          'user.misunderstood': {},
        },
      },
    },
  });
}

/** The machine type built from a dialog. */
export type TriageMachine = ReturnType<typeof createTriageMachine>;

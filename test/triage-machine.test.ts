import fc from 'fast-check';
import { getSimplePaths } from 'xstate/graph';
import { loadDialog } from '../src/triage/load-dialog';
import { QuestionPlanner } from './support/reference-planner';
import { TriageEngine } from '../src/triage/triage-engine';
import { CLARIFYING_STATE, OUTCOME_STATE, createTriageMachine, recordAnswer, waitingStateName, type TriageEvent } from '../src/triage/triage-machine';
import { buildOutcome } from '../src/triage/triage-outcome';
import { evaluatePolicy, urgencyOf } from '../src/triage/triage-policy';
import { EMERGENCY_SLOTS, ENUM_SLOT_VALUES, OTHER_BOOLEAN_SLOTS, RED_FLAG_SLOTS, URGENT_SLOTS, type Facts } from '../src/triage/slots';
import type { Disposition } from '../src/triage/dialog-schema';

const dialog = loadDialog();
const machine = createTriageMachine(dialog);

const EMERGENCY_LEVEL: Record<(typeof EMERGENCY_SLOTS)[number], Disposition> = {
  bladderBowel: 'emergency',
  saddleNumbness: 'emergency',
  bothLegsWeak: 'emergency',
  chestSymptoms: 'emergency_ambulance',
  majorTrauma: 'emergency_ambulance',
};

const answered = (facts: Facts): TriageEvent => ({ type: 'user.answered', facts });
const allNo = (slots: readonly string[]) => Object.fromEntries(slots.map((slot) => [slot, false])) as Facts;

// Representative answers per question: every branch of the policy, with the duration boundaries.
const ANSWERS: Record<string, TriageEvent[]> = {
  'emergency-screen': [
    answered(allNo(EMERGENCY_SLOTS)),
    ...EMERGENCY_SLOTS.map((slot) => answered({ ...allNo(EMERGENCY_SLOTS), [slot]: true })),
    ...EMERGENCY_SLOTS.map((slot) => answered({ ...allNo(EMERGENCY_SLOTS), [slot]: 'unsure' })),
    // A red flag told unclearly in free text: it is asked on its own next.
    { type: 'user.answered', facts: allNo(EMERGENCY_SLOTS), unclear: ['legWeakness'] },
    // A within-24-hours flag told before the emergency screen is answered: the early outcome.
    answered({ fever: true }),
  ],
  'urgent-screen': [
    answered(allNo(URGENT_SLOTS)),
    ...URGENT_SLOTS.map((slot) => answered({ ...allNo(URGENT_SLOTS), [slot]: true })),
    answered({ ...allNo(URGENT_SLOTS), fever: 'unsure' }),
  ],
  location: [answered({ location: 'lower' }), answered({ location: 'upper' })],
  onset: [answered({ onset: 'workout' }), answered({ onset: 'lifting_twisting' })],
  duration: [0, 3, 4, 7, 28, 85].map((durationDays) => answered({ durationDays })),
  improving: [answered({ improving: true }), answered({ improving: false })],
  character: [answered({ character: 'shooting_burning' })],
  radiation: [answered({ radiation: 'none' }), answered({ radiation: 'below_knee' })],
  'worse-with-cough-sitting': [answered({ worseWithCoughSitting: true })],
  'workout-timing': [answered({ workoutTiming: 'next_day' }), answered({ workoutTiming: 'during' })],
  'both-sides': [answered({ bothSides: true }), answered({ bothSides: false })],
  'swelling-or-bruising': [answered({ swellingOrBruising: false }), answered({ swellingOrBruising: true })],
  pregnant: [answered({ pregnant: false }), answered({ pregnant: true })],
  'fatty-meals': [answered({ fattyMeals: false }), answered({ fattyMeals: true })],
};

const paths = getSimplePaths(machine, {
  events: (snapshot) => {
    const name = waitingStateName(snapshot.value);
    if (name === OUTCOME_STATE) return [];
    if (name === CLARIFYING_STATE) {
      const slot = snapshot.context.clarify[0];
      return [true, false, 'unsure' as const].map((value) => answered({ [slot]: value }));
    }
    const events = ANSWERS[name];
    if (!events) throw new Error(`No sample answers for state ${String(snapshot.value)}`);
    // Only answers that tell something new (the same free text again would ask the same question again).
    return events.filter((event) => event.type !== 'user.answered' || Object.keys(event.facts).some((slot) => snapshot.context.facts[slot as keyof Facts] === undefined));
  },
});

describe('every path of the triage machine (xstate/graph)', () => {
  it('explores a meaningful number of paths', () => {
    expect(paths.length).toBeGreaterThan(500);
  });

  it('starts with the emergency screen', () => {
    const firstStates = new Set(paths.map((path) => waitingStateName(path.steps[0].state.value)));
    expect(firstStates).toEqual(new Set(['emergency-screen']));
  });

  it('ends every path in a disposition: a state is either concluded or has a question with answers', () => {
    for (const path of paths) {
      const value = waitingStateName(path.state.value);
      expect(value === OUTCOME_STATE || value === CLARIFYING_STATE || ANSWERS[value] !== undefined).toBe(true);
    }
    const concluded = paths.filter((path) => waitingStateName(path.state.value) === OUTCOME_STATE);
    const dispositions = new Set(concluded.map((path) => buildOutcome(dialog, path.state.context.facts).disposition));
    expect(dispositions).toEqual(new Set(['self_care', 'consultation', 'consultation_24', 'emergency', 'emergency_ambulance']));
  });

  it('never asks a question twice on any path', () => {
    for (const path of paths) {
      // Each step's state is the one its event led to; a question still pending stays asked (told something else, it is asked again).
      const asked = path.steps
        .map((step) => waitingStateName(step.state.value))
        .filter((value, index, all) => value !== OUTCOME_STATE && value !== all[index - 1]);
      expect(new Set(asked).size).toBe(asked.length);
    }
  });

  it('goes straight to the emergency disposition after every "yes" on the emergency screen', () => {
    let checked = 0;
    for (const path of paths) {
      path.steps.forEach((step) => {
        const event = step.event as TriageEvent;
        if (event.type !== 'user.answered') return;
        const yes = EMERGENCY_SLOTS.find((slot) => event.facts[slot] === true);
        if (!yes) return;
        const next = step.state;
        expect(waitingStateName(next.value)).toBe(OUTCOME_STATE);
        expect(buildOutcome(dialog, next.context.facts).disposition).toBe(EMERGENCY_LEVEL[yes]);
        checked += 1;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(EMERGENCY_SLOTS.length);
  });

  it('asks a red flag told unclearly on its own, next', () => {
    let checked = 0;
    for (const path of paths) {
      path.steps.forEach((step) => {
        const event = step.event as TriageEvent;
        if (event.type !== 'user.answered' || !event.unclear?.length) return;
        // Unless within 24 hours is already reached: then the flag cannot change the outcome.
        const reached = urgencyOf(evaluatePolicy(dialog, step.state.context.facts).disposition);
        expect(waitingStateName(step.state.value)).toBe(reached < urgencyOf('consultation_24') ? CLARIFYING_STATE : OUTCOME_STATE);
        checked += 1;
      });
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('tells within 24 hours at once, then asks only the emergency screen, and ends no lower', () => {
    let checked = 0;
    for (const path of paths) {
      const states = path.steps.map((step) => step.state);
      const told = states.findIndex((state) => state.context.announced !== undefined);
      if (told < 0) continue;
      expect(states[told].context.announced).toBe('consultation_24');
      expect(new Set(states.slice(told).map((state) => waitingStateName(state.value)).filter((name) => name !== OUTCOME_STATE))).toEqual(new Set(['emergency-screen']));
      if (waitingStateName(path.state.value) === OUTCOME_STATE) {
        expect(urgencyOf(buildOutcome(dialog, path.state.context.facts).disposition)).toBeGreaterThanOrEqual(urgencyOf('consultation_24'));
      }
      checked += 1;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('ends every path at exactly the policy\'s disposition for the answers given', () => {
    for (const path of paths.filter((candidate) => waitingStateName(candidate.state.value) === OUTCOME_STATE)) {
      expect(buildOutcome(dialog, path.state.context.facts).disposition).toBe(evaluatePolicy(dialog, path.state.context.facts).disposition);
    }
  });

  it('never concludes below the policy floor of the answers given (no lower urgency)', () => {
    for (const path of paths.filter((candidate) => waitingStateName(candidate.state.value) === OUTCOME_STATE)) {
      const facts = path.state.context.facts;
      const { disposition } = buildOutcome(dialog, facts);
      if (URGENT_SLOTS.some((slot) => facts[slot] === true || facts[slot] === 'unsure')) {
        expect(['consultation_24', 'emergency', 'emergency_ambulance']).toContain(disposition);
      }
      if (EMERGENCY_SLOTS.some((slot) => facts[slot] === 'unsure')) {
        expect(['consultation_24', 'emergency', 'emergency_ambulance']).toContain(disposition);
      }
    }
  });
});

describe('the machine after any sequence of answers (property)', () => {
  const engine = new TriageEngine(dialog);
  const planner = new QuestionPlanner(dialog);
  const someFacts = fc.record(
    {
      ...Object.fromEntries(RED_FLAG_SLOTS.map((slot) => [slot, fc.constantFrom(true, false, 'unsure')])),
      ...Object.fromEntries(OTHER_BOOLEAN_SLOTS.map((slot) => [slot, fc.boolean()])),
      ...Object.fromEntries(Object.entries(ENUM_SLOT_VALUES).map(([slot, values]) => [slot, fc.constantFrom(...values)])),
      durationDays: fc.integer({ min: 0, max: 400 }),
    },
    { requiredKeys: [] },
  ) as fc.Arbitrary<Facts>;
  // Mostly answers (a card's slots, or free text naming any slots and unclear red flags), sometimes "back" or a question.
  const event: fc.Arbitrary<TriageEvent> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ facts: someFacts, unclear: fc.subarray([...RED_FLAG_SLOTS], { maxLength: 2 }) }).map(({ facts, unclear }) => ({ type: 'user.answered' as const, facts, unclear })) },
    { weight: 1, arbitrary: fc.constant({ type: 'user.wentBack' as const }) },
    { weight: 1, arbitrary: fc.constant({ type: 'user.gaveNoAnswer' as const }) },
  );

  it('starts every triage from one shared first step that no turn can change', () => {
    const first = engine.start();
    expect(engine.start()).toBe(first);
    expect(first.state.value).toBe('emergency-screen');
    const next = engine.step(first.state, answered(allNo(EMERGENCY_SLOTS)));
    expect(next.state.context.facts).toEqual(allNo(EMERGENCY_SLOTS));
    expect(first.state.context).toEqual({ facts: {}, history: [], clarify: [] });
    expect(() => (first.state.context.history as unknown[]).push(['fever'])).toThrow(TypeError);
  });

  it('asks, clarifies, announces or concludes exactly as the planner decides for the facts with the answer in them', () => {
    fc.assert(
      fc.property(fc.array(event, { maxLength: 12 }), (events) => {
        let step = engine.start();
        for (const sent of events) {
          const before = step.state;
          step = engine.step(before, sent);
          if (sent.type !== 'user.answered') continue;
          const merged = recordAnswer(before.context, sent.facts, sent.unclear);
          expect(step.state.context.facts).toEqual(merged.facts);
          expect(step.state.context.clarify).toEqual(merged.clarify);
          let expected = planner.next(merged.facts, merged.clarify, before.context.announced);
          const actions = [...step.actions];
          if (expected.kind === 'announce') {
            expect(actions.shift()).toEqual({ type: 'giveEarlyOutcome' });
            expect(step.state.context.announced).toBe(expected.disposition);
            expected = planner.next(merged.facts, merged.clarify, expected.disposition);
          }
          if (expected.kind === 'conclude') {
            expect(step.state.value).toBe(OUTCOME_STATE);
            expect(actions).toEqual([{ type: 'giveOutcome' }]);
          } else if (expected.kind === 'ask') {
            expect(step.state.value).toBe(expected.question.id);
            expect(actions).toEqual([{ type: 'askQuestion', question: expected.question, pendingSlots: expected.pendingSlots, withHint: false }]);
          } else if (expected.kind === 'clarify') {
            expect(step.state.value).toBe(CLARIFYING_STATE);
            expect(actions.map((action) => action.type === 'askQuestion' && action.question.id)).toEqual([`confirm-${expected.slot}`]);
          } else {
            throw new Error('announced twice in one turn');
          }
        }
      }),
      { numRuns: 3000, seed: 20261121 },
    );
  });
});

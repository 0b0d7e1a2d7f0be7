import { getSimplePaths } from 'xstate/graph';
import { loadDialog } from '../src/triage/load-dialog';
import { CONCLUDED_STATE, createTriageMachine, type TriageEvent } from '../src/triage/triage-machine';
import { buildOutcome } from '../src/triage/triage-outcome';
import { EMERGENCY_SLOTS, URGENT_SLOTS, type Facts } from '../src/triage/slots';
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
    if (snapshot.value === CONCLUDED_STATE) return [];
    const events = ANSWERS[snapshot.value as string];
    if (!events) throw new Error(`No sample answers for state ${String(snapshot.value)}`);
    return events;
  },
});

describe('every path of the triage machine (xstate/graph)', () => {
  it('explores a meaningful number of paths', () => {
    expect(paths.length).toBeGreaterThan(500);
  });

  it('starts with the emergency screen', () => {
    const firstStates = new Set(paths.map((path) => path.steps[0].state.value));
    expect(firstStates).toEqual(new Set(['emergency-screen']));
  });

  it('ends every path in a disposition: a state is either concluded or has a question with answers', () => {
    for (const path of paths) {
      const value = path.state.value as string;
      expect(value === CONCLUDED_STATE || ANSWERS[value] !== undefined).toBe(true);
    }
    const concluded = paths.filter((path) => path.state.value === CONCLUDED_STATE);
    const dispositions = new Set(concluded.map((path) => buildOutcome(dialog, path.state.context.facts).disposition));
    expect(dispositions).toEqual(new Set(['self_care', 'consultation', 'consultation_24', 'emergency', 'emergency_ambulance']));
  });

  it('never asks a question twice on any path', () => {
    for (const path of paths) {
      const asked = path.steps.map((step) => step.state.value).filter((value) => value !== CONCLUDED_STATE);
      expect(new Set(asked).size).toBe(asked.length);
    }
  });

  it('goes straight to the emergency disposition after every "yes" on the emergency screen', () => {
    let checked = 0;
    for (const path of paths) {
      path.steps.forEach((step, index) => {
        const event = step.event as TriageEvent;
        if (event.type !== 'user.answered') return;
        const yes = EMERGENCY_SLOTS.find((slot) => event.facts[slot] === true);
        if (!yes) return;
        const next = path.steps[index + 1]?.state ?? path.state;
        expect(next.value).toBe(CONCLUDED_STATE);
        expect(buildOutcome(dialog, next.context.facts).disposition).toBe(EMERGENCY_LEVEL[yes]);
        checked += 1;
      });
    }
    expect(checked).toBeGreaterThanOrEqual(EMERGENCY_SLOTS.length);
  });

  it('never concludes below the policy floor of the answers given (no lower urgency)', () => {
    for (const path of paths.filter((candidate) => candidate.state.value === CONCLUDED_STATE)) {
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

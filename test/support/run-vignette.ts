import type { Facts, SlotName } from '../../src/triage/slots';
import type { TriageEngine } from '../../src/triage/triage-engine';
import { buildOutcome, type TriageOutcome } from '../../src/triage/triage-outcome';

/** A benign answer for every slot a vignette leaves out. */
export const BENIGN: Facts = {
  bladderBowel: false, saddleNumbness: false, bothLegsWeak: false, chestSymptoms: false, majorTrauma: false,
  fever: false, weightLoss: false, cancerHistory: false, legWeakness: false, legNumbness: false, nightPain: false,
  urinarySymptoms: false, osteoporosis: false, location: 'lower', onset: 'lifting_twisting', durationDays: 2,
  improving: true, character: 'dull_ache', radiation: 'none', worseWithCoughSitting: false, pregnant: false,
  fattyMeals: false, workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false,
};

/** The result of answering every question a triage asks from a vignette's facts, as a card-submitting client would. */
export interface VignetteRun {
  outcome: TriageOutcome;
  asked: string[];
}

/** Drives the pure engine, answering each question's pending slots from `facts` (benign where absent). */
export function runVignette(engine: TriageEngine, facts: Facts): VignetteRun {
  const answers: Facts = { ...BENIGN, ...facts };
  let step = engine.start();
  const asked: string[] = [];
  for (let turn = 0; turn < 40; turn += 1) {
    const ask = step.actions.find((action) => action.type === 'askQuestion');
    if (!ask || ask.type !== 'askQuestion') break;
    asked.push(ask.question.id);
    const submit = Object.fromEntries(ask.pendingSlots.map((slot: SlotName) => [slot, answers[slot]])) as Facts;
    step = engine.step(step.state, { type: 'user.answered', facts: submit });
  }
  if (!engine.isConcluded(step.state)) throw new Error(`Triage did not conclude; asked ${asked.join(', ')}`);
  return { outcome: buildOutcome(engine.dialog, step.state.context.facts), asked };
}

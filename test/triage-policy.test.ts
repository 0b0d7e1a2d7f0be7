import fc from 'fast-check';
import { loadDialog } from '../src/triage/load-dialog';
import { dispositionOf, evaluatePolicy } from '../src/triage/triage-policy';
import { TriageEngine } from '../src/triage/triage-engine';
import type { Disposition } from '../src/triage/dialog-schema';
import { ENUM_SLOT_VALUES, OTHER_BOOLEAN_SLOTS, RED_FLAG_SLOTS, type Facts } from '../src/triage/slots';
import { runVignette } from './support/run-vignette';

const engine = new TriageEngine(loadDialog());
const run = (facts: Facts) => runVignette(engine, facts);

// Each row: the facts of a vignette and the disposition shared/triage-policy.md gives it.
const TABLE: [string, Facts, Disposition][] = [
  ['nothing of note', {}, 'self_care'],
  ['bladder or bowel control', { bladderBowel: true }, 'emergency'],
  ['saddle numbness', { saddleNumbness: true }, 'emergency'],
  ['both legs weak', { bothLegsWeak: true }, 'emergency'],
  ['chest symptoms', { chestSymptoms: true }, 'emergency_ambulance'],
  ['major trauma', { majorTrauma: true }, 'emergency_ambulance'],
  ['not sure about bladder control', { bladderBowel: 'unsure' }, 'consultation_24'],
  ['not sure about chest symptoms', { chestSymptoms: 'unsure' }, 'consultation_24'],
  ['fever', { fever: true }, 'consultation_24'],
  ['weight loss', { weightLoss: true }, 'consultation_24'],
  ['cancer history', { cancerHistory: true }, 'consultation_24'],
  ['one leg weak', { legWeakness: true }, 'consultation_24'],
  ['leg numbness', { legNumbness: true }, 'consultation_24'],
  ['night pain', { nightPain: true }, 'consultation_24'],
  ['urinary symptoms', { urinarySymptoms: true }, 'consultation_24'],
  ['osteoporosis with sudden pain', { osteoporosis: true }, 'consultation_24'],
  ['6 days, not improving (not asked before 7)', { durationDays: 6, improving: false }, 'self_care'],
  ['7 days, not improving', { durationDays: 7, improving: false }, 'consultation'],
  ['7 days, improving', { durationDays: 7, improving: true }, 'self_care'],
  ['27 days, improving', { durationDays: 27, improving: true }, 'self_care'],
  ['28 days (subacute)', { durationDays: 28, improving: true }, 'consultation'],
  ['84 days (subacute)', { durationDays: 84, improving: true }, 'consultation'],
  ['85 days (chronic)', { durationDays: 85, improving: true }, 'consultation'],
  ['pain into the buttock', { radiation: 'buttock_thigh' }, 'consultation'],
  ['pain below the knee', { radiation: 'below_knee', character: 'shooting_burning' }, 'consultation'],
  ['pregnant', { pregnant: true }, 'consultation'],
  ['upper back after fatty meals', { location: 'upper', fattyMeals: true }, 'consultation'],
  ['DOMS pattern, 2 days', { onset: 'workout', workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false, durationDays: 2 }, 'self_care'],
  ['DOMS pattern, 5 days', { onset: 'workout', workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false, durationDays: 5 }, 'self_care'],
  ['workout injury felt at once, 3 days', { onset: 'workout', workoutTiming: 'during', bothSides: false, durationDays: 3 }, 'self_care'],
  ['workout injury felt at once, 4 days', { onset: 'workout', workoutTiming: 'during', bothSides: false, durationDays: 4 }, 'consultation'],
  ['workout, one side, next day, 4 days', { onset: 'workout', workoutTiming: 'next_day', bothSides: false, durationDays: 4 }, 'consultation'],
  ['workout with swelling, 4 days', { onset: 'workout', workoutTiming: 'next_day', bothSides: true, swellingOrBruising: true, durationDays: 4 }, 'consultation'],
  ['fever and chest symptoms: the highest wins', { fever: true, chestSymptoms: true }, 'emergency_ambulance'],
  ['sciatica and fever: the highest wins', { radiation: 'below_knee', fever: true }, 'consultation_24'],
  ['pregnant with bladder problems: the highest wins', { pregnant: true, bladderBowel: true }, 'emergency'],
  ['chronic and not sure about saddle numbness', { durationDays: 200, saddleNumbness: 'unsure' }, 'consultation_24'],
];

describe('the policy table, answered question by question as a card client would', () => {
  it.each(TABLE)('%s', (_name, facts, expected) => {
    expect(run(facts).outcome.disposition).toBe(expected);
  });

  it('stops at the emergency screen when an emergency sign is present', () => {
    expect(run({ chestSymptoms: true }).asked).toEqual(['emergency-screen']);
  });

  it('asks no pain details once a within-24-hours sign settles the outcome', () => {
    expect(run({ fever: true }).asked).toEqual(['emergency-screen', 'urgent-screen']);
  });

  it('asks the workout questions only after a workout', () => {
    expect(run({ onset: 'workout' }).asked).toEqual(expect.arrayContaining(['workout-timing', 'both-sides', 'swelling-or-bruising']));
    expect(run({ onset: 'posture' }).asked).not.toContain('workout-timing');
  });

  it('asks about fatty meals only for middle or upper back pain', () => {
    expect(run({ location: 'middle' }).asked).toContain('fatty-meals');
    expect(run({ location: 'lower' }).asked).not.toContain('fatty-meals');
  });

  it('picks cold for the first 48 hours and heat after, in the self-care plan', () => {
    const adviceIds = (facts: Facts) => run(facts).outcome.advice.map((block) => block.id);
    expect(adviceIds({ durationDays: 1 })).toContain('cold-first');
    expect(adviceIds({ durationDays: 1 })).not.toContain('heat');
    expect(adviceIds({ durationDays: 3 })).toContain('heat');
    expect(adviceIds({ durationDays: 3 })).not.toContain('cold-first');
  });

  it('gives the DOMS plan for the DOMS pattern and the injury plan otherwise', () => {
    const doms = run({ onset: 'workout', workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false });
    expect(doms.outcome.advice.map((block) => block.id)).toContain('doms');
    const injury = run({ onset: 'workout', workoutTiming: 'during', bothSides: false, durationDays: 1 });
    expect(injury.outcome.advice.map((block) => block.id)).toContain('workout-injury');
  });

  it('lists the red flags answered yes and a reason for every outcome', () => {
    const { outcome } = run({ fever: true });
    expect(outcome.redFlags).toEqual(['fever']);
    expect(outcome.reasons.length).toBeGreaterThan(0);
    expect(run({}).outcome.reasons.length).toBeGreaterThan(0);
  });

  it('includes the self-care plan only in self_care and consultation', () => {
    expect(run({ fever: true }).outcome.advice.map((block) => block.id)).not.toContain('stay-active');
    expect(run({ radiation: 'below_knee' }).outcome.advice.map((block) => block.id)).toContain('stay-active');
  });
});

describe('dispositionOf (the planner’s shortcut) against the full policy verdict', () => {
  const dialog = loadDialog();
  const tristate = fc.constantFrom<boolean | 'unsure' | undefined>(true, false, 'unsure', undefined);
  const oneOf = <T>(values: readonly T[]) => fc.constantFrom<T | undefined>(...values, undefined);
  const facts = fc.record({
    ...Object.fromEntries([...RED_FLAG_SLOTS, ...OTHER_BOOLEAN_SLOTS].map((slot) => [slot, tristate])),
    ...Object.fromEntries(Object.entries(ENUM_SLOT_VALUES).map(([slot, values]) => [slot, oneOf(values)])),
    durationDays: fc.option(fc.integer({ min: 0, max: 400 }), { nil: undefined }),
  });

  it('gives the same disposition as evaluatePolicy for any facts', () => {
    fc.assert(
      fc.property(facts, (raw) => {
        const known = Object.fromEntries(Object.entries(raw).filter(([, value]) => value !== undefined)) as Facts;
        expect(dispositionOf(dialog, known)).toBe(evaluatePolicy(dialog, known).disposition);
      }),
      { numRuns: 3000, seed: 20261121 },
    );
  });
});

import fc from 'fast-check';
import { loadDialog } from '../src/triage/load-dialog';
import { dispositionOf, evaluatePolicy } from '../src/triage/triage-policy';
import { TriageEngine } from '../src/triage/triage-engine';
import { ENUM_SLOT_VALUES, OTHER_BOOLEAN_SLOTS, RED_FLAG_SLOTS, type Facts } from '../src/triage/slots';
import { runVignette } from './support/run-vignette';
import { loadVignettes } from './support/vignettes';

const engine = new TriageEngine(loadDialog());
const run = (facts: Facts) => runVignette(engine, facts);

// The vignettes: facts and the disposition shared/triage-policy.md gives them (also typed in words by test/typed-triages.test.ts).
const TABLE = loadVignettes().map(({ name, facts, disposition }) => [name, facts, disposition] as const);

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

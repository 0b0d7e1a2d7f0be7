import { createRecognizer } from '../src/nlu';
import type { Question } from '../src/triage/dialog-schema';
import { loadDialog } from '../src/triage/load-dialog';

const dialog = loadDialog();
// A Friday, so that "since Tuesday" is 3 days.
const recognizer = createRecognizer(dialog, undefined, { now: () => new Date('2026-11-20T12:00:00') });
const question = (id: string): Question => {
  const found = dialog.questions.find((item) => item.id === id);
  if (!found) throw new Error(`no question ${id}`);
  return found;
};
const answer = (text: string, id: string) => recognizer.understand(text, question(id)).facts;

describe('yes/no questions', () => {
  it.each([
    ['yes', true], ['yeah', true], ['yep', true], ['i think so', true], ['Yeah, slowly', true],
    ['no', false], ['nah', false], ['nope', false], ['not really', false], ["I don't think so", false],
    ['not sure', 'unsure'], ['dunno', 'unsure'], ['maybe', 'unsure'],
  ])('"%s" answers improving = %s', (text, value) => {
    expect(answer(text, 'improving')).toEqual({ improving: value });
  });

  it('reads a yes/no answer for each yes/no question of the dialog', () => {
    for (const item of dialog.questions.filter((q) => q.kind === 'yesNo')) {
      expect(recognizer.understand('yep', item).facts[item.slots[0]]).toBe(true);
      expect(recognizer.understand('nope', item).facts[item.slots[0]]).toBe(false);
    }
  });

  it('gives nothing for a message that is not an answer', () => {
    expect(answer('what should I eat', 'fatty-meals')).toEqual({});
  });
});

describe('choice questions', () => {
  it.each([
    ['Lower back', 'location', { location: 'lower' }],
    ['lowr bak', 'location', { location: 'lower' }],
    ['between my shoulder blades', 'location', { location: 'upper' }],
    ['2', 'location', { location: 'middle' }],
    ['the third one', 'location', { location: 'upper' }],
    ['deadlifts', 'onset', { onset: 'workout' }],
    ['I slept funny', 'onset', { onset: 'posture' }],
    ["don't know", 'onset', { onset: 'unknown' }],
    ['stabbing', 'character', { character: 'sharp' }],
    ['like an electric shock', 'character', { character: 'shooting_burning' }],
    ['nope', 'radiation', { radiation: 'none' }],
    ['all the way down to my foot', 'radiation', { radiation: 'below_knee' }],
    ['into my bum', 'radiation', { radiation: 'buttock_thigh' }],
    ['the next morning', 'workout-timing', { workoutTiming: 'next_day' }],
    ['straight away', 'workout-timing', { workoutTiming: 'during' }],
  ])('"%s" answers %s', (text, id, facts) => {
    expect(answer(text, id)).toMatchObject(facts);
  });

  it('prefers the answer reading when the message is just an answer', () => {
    expect(recognizer.understand('lower back?', question('location'))).toMatchObject({ facts: { location: 'lower' }, isQuestion: false });
  });

  it('declines to guess between two options named equally', () => {
    expect(answer('upper or lower, not sure', 'location').location).toBeUndefined();
  });
});

describe('the duration question', () => {
  it.each([
    ['3 days', 3], ['two weeks', 14], ['a couple of weeks', 14], ['about a month', 30], ['since Tuesday', 3],
    ['yesterday', 1], ['today', 0], ['this morning', 0], ['a few days', 3], ['6 months', 180], ['over a year', 365],
    ['5', 5], ['Today', 0], ['1–3 days', 2], ['for 2 wks', 14], ['ten days ago', 10],
  ])('"%s" is %i days', (text, days) => {
    expect(answer(text, 'duration')).toEqual({ durationDays: days });
  });
});

describe('checklist questions', () => {
  const urgent = question('urgent-screen');
  const allUrgent = (value: boolean) => Object.fromEntries(urgent.slots.map((slot) => [slot, value]));

  it.each(['none of these', 'no', 'nope none', 'none', 'nothing'])('"%s" sets every item false', (text) => {
    expect(answer(text, 'urgent-screen')).toEqual(allUrgent(false));
  });

  it('"yes to 2 and 4" sets those items true and the rest false', () => {
    expect(answer('yes to 2 and 4', 'urgent-screen')).toEqual({ ...allUrgent(false), weightLoss: true, legWeakness: true });
  });

  it.each([
    ['just the tingling', 'legNumbness'],
    ['only the fever', 'fever'],
  ])('"%s" sets that item true and the rest false', (text, slot) => {
    expect(answer(text, 'urgent-screen')).toEqual({ ...allUrgent(false), [slot]: true });
  });

  it('"not sure about the chills" makes that item unsure', () => {
    expect(answer('not sure about the chills', 'urgent-screen')).toEqual({ fever: 'unsure' });
  });

  it('does not read a quantity as an item number', () => {
    expect(answer('no fever, just lower back pain after deadlifts 2 days ago', 'emergency-screen')).toEqual({ fever: false, location: 'lower', onset: 'workout', durationDays: 2 });
    expect(answer('lost 3 kilos, and 5 too', 'urgent-screen')).toMatchObject({ weightLoss: true, legNumbness: true });
    expect(answer('lost 3 kilos, and 5 too', 'urgent-screen').cancerHistory).toBeUndefined();
  });

  it('a bare "yes" cannot say which: no facts', () => {
    expect(answer('yes', 'urgent-screen')).toEqual({});
    expect(answer('yes', 'emergency-screen')).toEqual({});
  });

  it('reads the emergency screen the same way', () => {
    expect(answer('no none of them', 'emergency-screen')).toEqual({
      bladderBowel: false, saddleNumbness: false, bothLegsWeak: false, chestSymptoms: false, majorTrauma: false,
    });
    expect(answer('just the chest pain', 'emergency-screen')).toMatchObject({ chestSymptoms: true, majorTrauma: false });
  });
});

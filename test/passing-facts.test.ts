import type { Activity } from 'botbuilder';
import { loadDialog } from '../src/triage/load-dialog';
import { reconcilePassingFacts } from '../src/triage/passing-facts';
import { lastQuestion, outcomeOf, testConversation } from './support/test-conversation';

const texts = (replies: Partial<Activity>[]) => replies.map((reply) => reply.text ?? '').join('\n');

/** A chat past both screens and the location, all typed, that says how it started. */
async function typedUpToDuration(onset: string) {
  const chat = testConversation();
  await chat.join();
  await chat.say('none of these');
  await chat.say('none of these');
  await chat.say('lower back');
  await chat.say(onset);
  return chat;
}

// Issue 13, point 6: a fact told in passing never silently overwrites an answer.
describe('a fact told in passing for a slot already answered', () => {
  it('keeps "3 months" when a later answer says "worse since yesterday", tells the user, and ends in a consultation', async () => {
    const chat = await typedUpToDuration('it came on gradually');
    expect(lastQuestion(await chat.say('3 months'))).toBe('character');
    const replies = await chat.say('sharp, worse since yesterday');
    expect(texts(replies)).toMatch(/You told me earlier: 90 days\. I've kept that rather than 1 day/);
    expect(lastQuestion(replies)).toBe('radiation');
    const end = await chat.say('only in my back');
    const outcome = outcomeOf(end) ?? outcomeOf(await chat.say('no'));
    expect(outcome?.disposition).toBe('consultation');
    expect(outcome?.facts.durationDays).toBe(90);
  });

  it('keeps onset "workout" when a later answer says it happened while lifting', async () => {
    const chat = await typedUpToDuration('at the gym');
    await chat.say('5 days');
    const replies = await chat.say('sharp, it happened when I was lifting a heavy box');
    expect(texts(replies)).toMatch(/You told me earlier: after a workout\. I've kept that rather than after lifting/i);
    expect(lastQuestion(replies)).toBe('radiation');
    await chat.say('only in my back');
    const timing = await chat.say('no');
    expect(lastQuestion(timing)).toBe('workout-timing');
  });

  it('takes a later value that makes the advice more urgent, and says it changed', async () => {
    const chat = await typedUpToDuration('lifting a box');
    expect(lastQuestion(await chat.say('2 days'))).toBe('character');
    const replies = await chat.say("dull ache, and actually it's been going on for 3 months");
    expect(texts(replies)).toMatch(/You told me earlier: 2 days\. I've changed it to 90 days/);
  });

  it('keeps a red flag answered "not sure" when later text says no, so the advice stays within 24 hours', async () => {
    const chat = testConversation();
    await chat.join();
    await chat.say('not sure about the bladder one, the rest no');
    const replies = await chat.say('no fever or anything, and my bladder is fine actually');
    expect(texts(replies)).toMatch(/You told me earlier: not sure about bladder.*I've kept that/i);
    expect(outcomeOf(replies)).toBeUndefined();
    const why = await chat.say('why');
    expect(texts(why)).toMatch(/weren't sure about one of the emergency signs/);
  });

  it('keeps a red flag answered yes when a card for it is submitted again with no', async () => {
    const chat = testConversation();
    await chat.join();
    await chat.say('none of these');
    const urgent = await chat.say({ fever: 'true', weightLoss: 'false', cancerHistory: 'false', legWeakness: 'false', legNumbness: 'false', nightPain: 'false', urinarySymptoms: 'false', osteoporosis: 'false' });
    expect(outcomeOf(urgent)?.disposition).toBe('consultation_24');
    const replies = await chat.say({ fever: 'false' });
    expect(texts(replies)).toMatch(/You told me earlier: .*fever.*I've kept that/i);
  });
});

describe('reconcilePassingFacts (the pure rule)', () => {
  const dialog = loadDialog();

  it('records a pending slot and an unanswered slot as told', () => {
    expect(reconcilePassingFacts(dialog, { durationDays: 90 }, { durationDays: 1 }, ['durationDays'])).toEqual({ facts: { durationDays: 1 }, changes: [] });
    expect(reconcilePassingFacts(dialog, {}, { location: 'upper' }, ['onset'])).toEqual({ facts: { location: 'upper' }, changes: [] });
  });

  it('keeps the earlier value when the told one is not more urgent, and reports it', () => {
    const result = reconcilePassingFacts(dialog, { durationDays: 90 }, { durationDays: 1 }, ['character']);
    expect(result.facts).toEqual({});
    expect(result.changes).toEqual([{ slot: 'durationDays', before: 90, told: 1, kept: 'before' }]);
  });

  it('takes the told value when it is more urgent', () => {
    const result = reconcilePassingFacts(dialog, { durationDays: 2 }, { durationDays: 90 }, ['character']);
    expect(result.facts).toEqual({ durationDays: 90 });
    expect(result.changes).toEqual([{ slot: 'durationDays', before: 2, told: 90, kept: 'told' }]);
  });
});

import type { Activity } from 'botbuilder';
import { EMERGENCY_SLOTS, URGENT_SLOTS } from '../src/triage/slots';
import { lastQuestion, noneOf, outcomeOf, testConversation, triageData } from './support/test-conversation';

const texts = (replies: Partial<Activity>[]) => replies.map((reply) => reply.text ?? '').join('\n');
const cardOf = (reply: Partial<Activity>) => reply.attachments?.[0]?.content as { version: string; body: { id?: string; type: string }[]; actions: { data?: unknown; title: string }[] };

async function throughScreens(chat: ReturnType<typeof testConversation>) {
  await chat.join();
  await chat.say(noneOf(EMERGENCY_SLOTS));
  return chat.say(noneOf(URGENT_SLOTS));
}

describe('the triage bot over the Bot Framework (TestAdapter transcripts)', () => {
  it('welcomes a new user, says it is not a diagnosis, and asks the emergency screen first as a checklist card', async () => {
    const chat = testConversation();
    const replies = await chat.join();
    expect(texts(replies)).toMatch(/can't diagnose/i);
    expect(texts(replies)).toMatch(/911/);
    const question = replies.at(-1)!;
    expect(triageData(question)).toEqual({ questionId: 'emergency-screen', slots: [...EMERGENCY_SLOTS] });
    const card = cardOf(question);
    expect(card.version).toBe('1.5');
    expect(card.body.filter((element) => element.type === 'Input.ChoiceSet').map((element) => element.id)).toEqual([...EMERGENCY_SLOTS]);
    expect(question.text).toMatch(/bladder or bowel/i);
  });

  it('completes a triage with card submits and ends with the contract outcome, the plan and the safety net', async () => {
    const chat = testConversation();
    expect(lastQuestion(await throughScreens(chat))).toBe('location');
    expect(lastQuestion(await chat.say({ location: 'lower' }))).toBe('onset');
    expect(lastQuestion(await chat.say({ onset: 'lifting_twisting' }))).toBe('duration');
    expect(lastQuestion(await chat.say({ durationDays: '2' }))).toBe('character');
    expect(lastQuestion(await chat.say({ character: 'dull_ache' }))).toBe('radiation');
    expect(lastQuestion(await chat.say({ radiation: 'none' }))).toBe('pregnant');
    const replies = await chat.say({ pregnant: 'false' });
    const outcome = outcomeOf(replies)!;
    expect(outcome.disposition).toBe('self_care');
    expect(outcome.redFlags).toEqual([]);
    expect(outcome.facts).toMatchObject({ location: 'lower', durationDays: 2, bladderBowel: false, fever: false });
    expect(outcome.reasons.length).toBeGreaterThan(0);
    const text = texts(replies);
    expect(text).toMatch(/ice pack/i);
    expect(text).toMatch(/15–20 minutes/);
    expect(text).toMatch(/Get help sooner/);
    expect(text).toMatch(/isn't improving within 1–2 weeks/);
  });

  it('escalates a red flag typed as the very first message, with no question first', async () => {
    const chat = testConversation({ locale: 'en-GB' });
    const replies = await chat.say("I can't control my bladder since this morning");
    const outcome = outcomeOf(replies)!;
    expect(outcome.disposition).toBe('emergency');
    expect(outcome.redFlags).toContain('bladderBowel');
    expect(replies.some((reply) => triageData(reply).questionId)).toBe(false);
    expect(texts(replies)).toMatch(/999/);
  });

  it('stops the questions at once on an emergency answer in the checklist', async () => {
    const chat = testConversation();
    await chat.join();
    const replies = await chat.say({ ...noneOf(EMERGENCY_SLOTS), chestSymptoms: 'true' });
    expect(outcomeOf(replies)!.disposition).toBe('emergency_ambulance');
    expect(lastQuestion(replies)).toBeUndefined();
    expect(texts(replies)).toMatch(/Call 911 now/);
  });

  it('accepts typed answers: "none of these", option words, durations in words', async () => {
    const chat = testConversation();
    await chat.join();
    expect(lastQuestion(await chat.say('none of these'))).toBe('urgent-screen');
    expect(lastQuestion(await chat.say('no, none of them'))).toBe('location');
    expect(lastQuestion(await chat.say('lower back'))).toBe('onset');
    expect(lastQuestion(await chat.say('I was lifting a box'))).toBe('duration');
    expect(lastQuestion(await chat.say('two weeks'))).toBe('improving');
  });

  it('answers a knowledge question mid-triage, then asks the same question again, losing nothing', async () => {
    const chat = testConversation();
    await throughScreens(chat);
    await chat.say({ location: 'lower' });
    const replies = await chat.say('should I use heat or ice?');
    expect(texts(replies)).toMatch(/ice/i);
    expect(texts(replies)).toMatch(/Sources:/);
    expect(triageData(replies.at(-1))).toEqual({ questionId: 'onset', slots: ['onset'] });
    const onward = await chat.say({ onset: 'posture' });
    expect(lastQuestion(onward)).toBe('duration');
  });

  it('keeps facts told before they are asked and does not ask them again', async () => {
    const chat = testConversation();
    await chat.join();
    const replies = await chat.say('no fever, just lower back pain after deadlifts 2 days ago');
    expect(texts(replies)).toMatch(/Got it:.*lower back/);
    await chat.say('none of these');
    const afterUrgent = await chat.say('none of these');
    expect(lastQuestion(afterUrgent)).toBe('character');
  });

  it('re-asks with a hint when an answer cannot be understood, and keeps what was answered', async () => {
    const chat = testConversation();
    await throughScreens(chat);
    await chat.say({ location: 'upper' });
    const replies = await chat.say('purple elephant');
    expect(replies.at(-1)!.text).toMatch(/didn't catch that/);
    expect(lastQuestion(replies)).toBe('onset');
    await chat.say({ onset: 'posture' });
    await chat.say({ durationDays: 1 });
    await chat.say({ character: 'stiffness' });
    await chat.say({ radiation: 'none' });
    await chat.say({ pregnant: false });
    const outcome = outcomeOf(await chat.say({ fattyMeals: false }))!;
    expect(outcome.facts.location).toBe('upper');
  });

  it('"back" asks the previous question again, "restart" starts over, "why" explains, "help" helps', async () => {
    const chat = testConversation();
    await throughScreens(chat);
    await chat.say({ location: 'lower' });
    expect(lastQuestion(await chat.say('back'))).toBe('location');
    expect(texts(await chat.say('help'))).toMatch(/restart/);
    expect(lastQuestion(await chat.say('start over'))).toBe('emergency-screen');
    await chat.say(noneOf(EMERGENCY_SLOTS));
    await chat.say({ ...noneOf(URGENT_SLOTS), fever: 'true' });
    const why = await chat.say('why?');
    expect(texts(why)).toMatch(/infection/);
    expect(texts(why)).toMatch(/Sources:/);
  });

  it('"forget me" deletes the stored conversation', async () => {
    const chat = testConversation();
    await throughScreens(chat);
    const stored = async () => Object.values(await chat.storage.read(['triage/test/Convo1'])).length;
    expect(await stored()).toBe(1);
    expect(texts(await chat.say('forget me'))).toMatch(/deleted/);
    expect(await stored()).toBe(0);
  });

  it('answers bad input clearly and keeps the stored answers', async () => {
    const chat = testConversation();
    await throughScreens(chat);
    await chat.say({ location: 'middle' });
    const unknown = await chat.say({ favouriteColour: 'blue' });
    expect(texts(unknown)).toMatch(/couldn't use part of that answer \(favouriteColour\)/);
    expect(lastQuestion(unknown)).toBe('onset');
    const invalid = await chat.say({ onset: 'by magic' });
    expect(texts(invalid)).toMatch(/couldn't use part of that answer \(onset\)/);
    expect(lastQuestion(await chat.say(''))).toBe('onset');
    const long = await chat.say('a'.repeat(10_000));
    expect(texts(long)).toMatch(/too long/);
    expect(texts(long)).toMatch(/911/);
    const noFrom = await chat.say({ onset: 'posture' }, { from: undefined });
    expect(lastQuestion(noFrom)).toBe('duration');
    await chat.say({ durationDays: 1 });
    await chat.say({ character: 'dull_ache' });
    await chat.say({ radiation: 'none' });
    await chat.say({ pregnant: 'false' });
    expect(outcomeOf(await chat.say({ fattyMeals: 'false' }))!.facts).toMatchObject({ location: 'middle', onset: 'posture' });
  });

  it('in Teams group chats answers only when mentioned, and never runs a triage there', async () => {
    const chat = testConversation({ channelId: 'msteams' });
    const group = { conversation: { id: 'Convo1', conversationType: 'groupChat' } } as Partial<Activity>;
    expect(await chat.say('hello', group)).toEqual([]);
    const mention = { type: 'mention', mentioned: { id: 'bot', name: 'Triage' }, text: '<at>Triage</at>' };
    // The TestAdapter cannot open a private chat: the bot says how to open one (test/teams-group-chat.test.ts has the rest).
    const replies = await chat.say('<at>Triage</at> I have a fever', { ...group, entities: [mention], recipient: { id: 'bot', name: 'Triage' } });
    expect(replies).toHaveLength(1);
    expect(replies[0].text).toMatch(/couldn't open one with you.*call 911/);
    expect(replies[0].attachments ?? []).toEqual([]);
    expect(Object.keys(await chat.storage.read(['triage/msteams/Convo1']))).toEqual([]);
  });

  it('in Teams never puts suggested actions next to a card', async () => {
    const chat = testConversation({ channelId: 'msteams' });
    const personal = { conversation: { id: 'Convo2', conversationType: 'personal' } } as Partial<Activity>;
    const replies = await chat.say('none of these', personal);
    expect(lastQuestion(replies)).toBe('urgent-screen');
    const all = [...replies, ...(await chat.say('I have a fever', personal))];
    for (const reply of all) {
      if (reply.attachments?.length) expect(reply.suggestedActions).toBeUndefined();
    }
    expect(outcomeOf(all)!.disposition).toBe('consultation_24');
  });

  it('asks an unclear red flag directly, as its own yes/no question, before going on', async () => {
    const chat = testConversation();
    await chat.join();
    const replies = await chat.say('something weird going on with my bladder?');
    expect(triageData(replies.at(-1))).toEqual({ questionId: 'confirm-bladderBowel', slots: ['bladderBowel'] });
    expect(outcomeOf(await chat.say('yes'))!.disposition).toBe('emergency');
  });

  it('welcomes a user who installs the bot in Teams personal scope', async () => {
    const chat = testConversation({ channelId: 'msteams' });
    const replies = await chat.say('', {
      type: 'conversationUpdate',
      text: undefined,
      conversation: { id: 'Convo1', conversationType: 'personal' } as Activity['conversation'],
      recipient: { id: 'bot', name: 'Triage' },
      membersAdded: [{ id: 'bot', name: 'Triage' }],
    });
    expect(texts(replies)).toMatch(/back-pain triage assistant/);
    expect(lastQuestion(replies)).toBe('emergency-screen');
  });

  it('gives a within-24-hours red flag told up front at once, asks only what could make it more urgent, and ends with the full outcome', async () => {
    const chat = testConversation();
    const first = await chat.say("I've had a fever and chills since yesterday");
    expect(outcomeOf(first)!.disposition).toBe('consultation_24');
    expect(outcomeOf(first)!.redFlags).toEqual(['fever']);
    expect(lastQuestion(first)).toBe('emergency-screen');
    // The end of the questions brings the contract's outcome again, now with every fact collected.
    const settled = await chat.say('none of these');
    const final = outcomeOf(settled)!;
    expect(final).toMatchObject({ disposition: 'consultation_24', redFlags: ['fever'] });
    expect(final.facts).toMatchObject({ fever: true, bladderBowel: false, saddleNumbness: false, bothLegsWeak: false, chestSymptoms: false, majorTrauma: false });
    expect(texts(settled)).not.toMatch(/My advice stays the same/);
    expect(lastQuestion(settled)).toBeUndefined();
    // A message after that is the usual "unchanged".
    expect(texts(await chat.say('thanks'))).toMatch(/My advice stays the same|end of my questions/);
    expect(outcomeOf(await chat.say('actually now I have chest pain'))!.disposition).toBe('emergency_ambulance');
  });
});


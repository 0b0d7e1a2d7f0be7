import { conversationKey } from '../src/state/conversation-store';
import { GROUP_INTRODUCTION, PRIVATE_CHAT_OPENED, PRIVATE_CHAT_UNAVAILABLE } from '../src/bot/triage-bot';
import { startBotServer, type BotServer } from './support/bot-server';
import { TeamsServiceStandIn } from './support/teams-service-stand-in';
import { testConversation } from './support/test-conversation';

// In a Teams group chat, what the members would notice: nobody's health details are posted in the group,
// each person's triage goes on in their own 1:1 chat with the bot, and one person's answers or "forget me"
// never touch another's. The Teams service is a loopback stand-in the bot really calls.
const BOT = { id: '28:triage-bot', name: 'Triage' };
const GROUP = { id: '19:physio-team@thread.v2', conversationType: 'groupChat', isGroup: true, tenantId: 'tenant-1' };
const ALICE = { id: '29:alice', name: 'Alice' };
const BOB = { id: '29:bob', name: 'Bob' };
const MENTION = { type: 'mention', mentioned: BOT, text: '<at>Triage</at>' };
const OPENED = PRIVATE_CHAT_OPENED.replace('{emergencyNumber}', '999');

let teams: TeamsServiceStandIn;
let server: BotServer;
beforeEach(async () => {
  teams = new TeamsServiceStandIn();
  await teams.listen();
  server = await startBotServer({});
});
afterEach(async () => {
  await server.close();
  await teams.close();
});

let sequence = 0;
/** Posts an activity as Teams does: the bot answers by calling the stand-in, and the HTTP response carries nothing. */
async function fromTeams(fields: Record<string, unknown>): Promise<void> {
  sequence += 1;
  const activity = { type: 'message', id: `m${sequence}`, channelId: 'msteams', serviceUrl: teams.url, recipient: BOT, locale: 'en-GB', ...fields };
  const response = await fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  expect(response.status).toBeLessThan(300);
}

const inGroup = (from: { id: string; name: string }, text: string) =>
  fromTeams({ from, conversation: GROUP, text: `<at>Triage</at> ${text}`, entities: [MENTION] });
const inPrivate = (from: { id: string; name: string }, fields: Record<string, unknown>) =>
  fromTeams({ from, conversation: { id: `a:private-${from.id}`, conversationType: 'personal', tenantId: 'tenant-1' }, ...fields });
const questionsIn = (conversationId: string) => teams.postedIn(conversationId).map((activity) => activity.channelData?.triage?.questionId).filter(Boolean);
const outcomeIn = (conversationId: string) => teams.postedIn(conversationId).map((activity) => activity.channelData?.triage?.outcome).find(Boolean);

it("continues each member's triage in their own private chat and posts only a note, with the emergency number, in the group", async () => {
  await inGroup(ALICE, 'my lower back hurts since I lifted a box 3 days ago');
  expect(teams.created).toEqual([expect.objectContaining({ isGroup: false, members: [expect.objectContaining({ id: ALICE.id })], tenantId: 'tenant-1' })]);
  expect(questionsIn('a:private-29:alice')).toEqual(['emergency-screen']);
  expect(teams.postedIn(GROUP.id)).toEqual([expect.objectContaining({ text: OPENED })]);

  await inGroup(BOB, 'I suddenly cannot control my bladder and my back is killing me');
  // Bob's red flag is answered at once, in his private chat: the emergency advice, no more questions.
  expect(outcomeIn('a:private-29:bob')?.disposition).toBe('emergency');
  expect(outcomeIn('a:private-29:alice')).toBeUndefined();

  // Alice goes on in her private chat; her facts are hers alone.
  await inPrivate(ALICE, { value: { bladderBowel: 'false', saddleNumbness: 'false', bothLegsWeak: 'false', chestSymptoms: 'false', majorTrauma: 'false' } });
  expect(questionsIn('a:private-29:alice')).toEqual(['emergency-screen', 'urgent-screen']);
  const stored = await server.app.storage.read([conversationKey('msteams', 'a:private-29:alice'), conversationKey('msteams', 'a:private-29:bob'), conversationKey('msteams', GROUP.id)]);
  expect(Object.keys(stored).sort()).toEqual([conversationKey('msteams', 'a:private-29:alice'), conversationKey('msteams', 'a:private-29:bob')]);
  expect(JSON.stringify(stored[conversationKey('msteams', 'a:private-29:alice')])).not.toMatch(/"bladderBowel":true/);
  expect(JSON.stringify(stored[conversationKey('msteams', 'a:private-29:bob')])).toMatch(/"bladderBowel":true/);

  // Nothing but the two notes was ever posted in the group: no question, card, advice or quote.
  expect(teams.postedIn(GROUP.id)).toEqual([expect.objectContaining({ text: OPENED }), expect.objectContaining({ text: OPENED })]);
  expect(teams.postedIn(GROUP.id).every((activity) => !activity.attachments?.length && !activity.channelData?.triage)).toBe(true);
});

it("a member's 'forget me' in the group deletes only their own triage", async () => {
  await inGroup(ALICE, 'hello');
  await inGroup(BOB, 'hello');
  await inGroup(ALICE, 'forget me');
  const stored = await server.app.storage.read([conversationKey('msteams', 'a:private-29:alice'), conversationKey('msteams', 'a:private-29:bob')]);
  expect(Object.keys(stored)).toEqual([conversationKey('msteams', 'a:private-29:bob')]);
  expect(teams.postedIn('a:private-29:alice').at(-1)?.text).toMatch(/delet/i);
  expect(teams.postedIn(GROUP.id).map((activity) => activity.text)).toEqual([OPENED, OPENED, OPENED]);
});

it('says how to open a private chat when Teams will not create one, and keeps the triage out of the group', async () => {
  teams.refuse.add(ALICE.id);
  await inGroup(ALICE, 'my lower back hurts');
  expect(teams.postedIn(GROUP.id).map((activity) => activity.text)).toEqual([PRIVATE_CHAT_UNAVAILABLE.replace('{emergencyNumber}', '999')]);
  expect(teams.posted.filter((entry) => entry.conversationId !== GROUP.id)).toEqual([]);
  expect(Object.keys(await server.app.storage.read([conversationKey('msteams', GROUP.id)]))).toEqual([]);
});

it('introduces itself when added to a group, without starting a triage there', async () => {
  await fromTeams({ type: 'conversationUpdate', from: ALICE, conversation: GROUP, membersAdded: [BOT, ALICE] });
  expect(teams.postedIn(GROUP.id)).toEqual([expect.objectContaining({ text: GROUP_INTRODUCTION.replace('{emergencyNumber}', '999') })]);
  expect(teams.created).toEqual([]);
});

it('still lets an admin register the channel for alerts there', async () => {
  const chat = testConversation({ channelId: 'msteams', env: { MicrosoftAppId: '00000000-0000-0000-0000-000000000001', MicrosoftAppPassword: 'x', ESCALATION_TEAMS_ADMINS: 'aad-admin' } });
  const replies = await chat.say('<at>Triage</at> register escalations here', {
    from: { id: '29:admin', name: 'Nurse lead', aadObjectId: 'aad-admin' },
    recipient: BOT,
    conversation: { id: '19:clinic@thread.tacv2', conversationType: 'channel', isGroup: true, tenantId: 'tenant-1' } as never,
    entities: [MENTION],
  });
  expect(replies.map((reply) => reply.text)).toEqual([expect.stringMatching(/^Escalation alerts will be posted here/)]);
});

import { createHmac } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { OUTBOX_INDEX_KEY } from '../src/escalation/outbox';
import { ConversationStore, conversationKey } from '../src/state/conversation-store';
import { GuardedBlobsStorage } from '../src/state/guarded-blobs-storage';
import { GuardedMemoryStorage } from '../src/state/guarded-memory-storage';
import { loadDialog } from '../src/triage/load-dialog';
import { startAzurite, type Azurite } from './support/azurite';
import { outcomeOf, sendMessage, startBotServer, webChatActivity, type HttpReply } from './support/bot-server';
import { killHard, startBotProcess } from './support/bot-process';
import { eventually, TestReceiver, type Answer, type ReceivedRequest } from './support/escalation-receiver';

// What a user and a clinic would notice when the channel fails as the red flag is told: the alert reaches
// the clinic's webhook exactly once, and the user's retry gets the emergency advice, not "my advice stays
// the same". The connector (the channel service the replies are posted to) and the webhook are real
// loopback HTTP servers; the store is Azurite.
const SECRET = 'fault-test-secret';
const RED_FLAG = 'I suddenly cannot control my bladder and my back is killing me';
const dialog = loadDialog();

let azurite: Azurite;
const closing: Array<() => Promise<void>> = [];
let running: ChildProcess | undefined;
beforeAll(async () => (azurite = await startAzurite()));
afterEach(async () => {
  if (running) await killHard(running);
  running = undefined;
  for (const close of closing.splice(0).reverse()) await close();
});
afterAll(() => azurite?.stop());

async function receiver(answer: Answer): Promise<{ server: TestReceiver; url: string }> {
  const server = new TestReceiver(answer);
  const port = await server.listen();
  closing.push(() => server.close());
  return { server, url: `http://127.0.0.1:${port}` };
}

/** Posts the user's message as a channel does: the replies go to the connector at `serviceUrl`, not into the response. */
async function postThroughConnector(botUrl: string, conversationId: string, text: string, serviceUrl: string): Promise<void> {
  const activity = { ...webChatActivity(conversationId, { text }), deliveryMode: undefined, serviceUrl: `${serviceUrl}/` };
  await fetch(`${botUrl}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
}

/** The alerts the webhook accepted (answered 2xx), each checked for a valid signature. */
function acceptedAlerts(webhook: TestReceiver, answer: Answer): Array<{ id: string; disposition: string }> {
  return webhook.requests
    .filter((_request: ReceivedRequest, index: number) => answer(index) === 200)
    .map((request) => {
      expect(request.headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(request.body).digest('hex')}`);
      return JSON.parse(request.body) as { id: string; disposition: string };
    });
}

const texts = (replies: HttpReply[]) => replies.map((reply) => reply.text ?? '').join('\n');

it('a red flag whose reply the connector refuses with 500: one alert reaches the webhook, and the retry gets the emergency advice', async () => {
  const connector = await receiver(() => 500);
  const hookAnswer: Answer = () => 200;
  const webhook = await receiver(hookAnswer);
  const bot = await startBotServer({ ESCALATION_WEBHOOK_URL: `${webhook.url}/alerts`, ESCALATION_WEBHOOK_SECRET: SECRET });
  closing.push(() => bot.close());
  closing.push(async () => {
    bot.app.escalation.stop();
    await bot.app.escalation.drain(5_000);
  });

  await sendMessage(bot.url, 'send-fails', 'hello');
  await postThroughConnector(bot.url, 'send-fails', RED_FLAG, connector.url);
  expect(connector.server.requests.length).toBeGreaterThan(0);

  const retry = await sendMessage(bot.url, 'send-fails', RED_FLAG);
  expect(outcomeOf(retry)?.disposition).toBe('emergency');
  expect(texts(retry)).not.toContain('My advice stays the same');

  await eventually(async () => (await bot.app.escalation.pendingAlertIds()).length === 0 && webhook.server.requests.length > 0);
  expect(acceptedAlerts(webhook.server, hookAnswer)).toEqual([expect.objectContaining({ disposition: 'emergency' })]);
  // A third message after the advice was delivered: no second alert, and the usual "unchanged" line.
  expect(texts(await sendMessage(bot.url, 'send-fails', RED_FLAG))).toContain('My advice stays the same');
  expect(await bot.app.escalation.pendingAlertIds()).toEqual([]);
  expect(webhook.server.requests).toHaveLength(1);
});

// Two real processes start here (one killed with SIGKILL); on a loaded 2-core machine each start can take tens of seconds.
it('a red flag, then kill -9 while the reply is on its way: after the restart the alert reaches the webhook exactly once, and the retry gets the emergency advice', async () => {
  const env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'fault-kill' };
  // The connector holds the reply: the record is saved and the process is between the save and the send.
  const connector = await receiver(() => 'hang');
  let webhookUp = false;
  const answers: Array<number> = [];
  const hookAnswer: Answer = (index) => (answers[index] ??= webhookUp ? 200 : 503);
  const webhook = await receiver(hookAnswer);
  const hookEnv = { ...env, ESCALATION_WEBHOOK_URL: `${webhook.url}/alerts`, ESCALATION_WEBHOOK_SECRET: SECRET };

  const first = await startBotProcess(hookEnv);
  running = first.child;
  await sendMessage(first.url, 'killed-at-send', 'hello');
  void postThroughConnector(first.url, 'killed-at-send', RED_FLAG, connector.url).catch(() => undefined);
  await connector.server.waitForRequests(1);
  await killHard(first.child);
  running = undefined;

  webhookUp = true;
  const second = await startBotProcess(hookEnv);
  running = second.child;
  const retry = await sendMessage(second.url, 'killed-at-send', RED_FLAG);
  expect(outcomeOf(retry)?.disposition).toBe('emergency');
  expect(texts(retry)).not.toContain('My advice stays the same');
  expect(texts(retry)).not.toContain(dialog.welcome.slice(0, 30));

  const store = new GuardedBlobsStorage(azurite.connectionString, 'fault-kill');
  const pending = async () => ((await store.read([OUTBOX_INDEX_KEY]))[OUTBOX_INDEX_KEY] as { alertIds: string[] } | undefined)?.alertIds ?? [];
  await eventually(async () => acceptedAlerts(webhook.server, hookAnswer).length > 0 && (await pending()).length === 0, 100);
  expect(acceptedAlerts(webhook.server, hookAnswer)).toEqual([expect.objectContaining({ disposition: 'emergency' })]);
  const ids = new Set(webhook.server.requests.map((request) => request.headers['idempotency-key']));
  expect(ids.size).toBe(1);
}, 180_000);

it('an alert left only in the conversation record (the process died between the save and the outbox) is found by the next instance\'s sweep, with no user turn', async () => {
  const hookAnswer: Answer = () => 200;
  const webhook = await receiver(hookAnswer);
  const env = { ESCALATION_WEBHOOK_URL: `${webhook.url}/alerts`, ESCALATION_WEBHOOK_SECRET: SECRET };
  const storage = new GuardedMemoryStorage();
  const dead = await startBotServer(env, { storage });
  closing.push(() => dead.close());
  await sendMessage(dead.url, 'record-only', 'hello');
  // What the dying turn had written: the alert staged, and the record carrying it with the advice.
  const key = conversationKey('webchat', 'record-only');
  const conversations = new ConversationStore(storage);
  const alert = dead.app.escalation.prepare({
    disposition: 'emergency', redFlags: ['bladderBowel'], facts: { bladderBowel: true }, reasons: [],
    conversation: { id: 'record-only', channelId: 'webchat' }, user: { id: 'user-record-only' },
  })!;
  await dead.app.escalation.stage(alert, key);
  await conversations.update(key, (record) => ({
    ...record,
    triage: { value: 'outcome', context: { ...record.triage.context, facts: { bladderBowel: true }, history: [['bladderBowel']] } },
    pendingAlerts: [alert],
    lastDisposition: 'emergency',
    outcomeUnsent: true,
  }));
  dead.app.escalation.stop();

  const next = await startBotServer(env, { storage });
  closing.push(() => next.close());
  closing.push(async () => {
    next.app.escalation.stop();
    await next.app.escalation.drain(5_000);
  });
  await next.app.escalation.start();
  await eventually(async () => webhook.server.requests.length > 0 && (await next.app.escalation.pendingAlertIds()).length === 0);
  expect(acceptedAlerts(webhook.server, hookAnswer).map((body) => body.id)).toEqual([alert.id]);
  // The user's next message moves nothing a second time, and gets the advice that may never have arrived.
  const replies = await sendMessage(next.url, 'record-only', 'hello?');
  expect(outcomeOf(replies)?.disposition).toBe('emergency');
  expect((await conversations.load(key)).record?.pendingAlerts).toBeUndefined();
  expect(webhook.server.requests).toHaveLength(1);
});

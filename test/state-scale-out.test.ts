import { createHmac } from 'node:crypto';
import type { Storage, StoreItem } from 'botbuilder';
import pino from 'pino';
import { ContainerClient } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { loadConfig } from '../src/config';
import { ConversationStore, conversationKey } from '../src/state/conversation-store';
import type { CreatableStorage } from '../src/state/creatable-storage';
import { createStorage } from '../src/state/create-storage';
import type { Dialog } from '../src/triage/dialog-schema';
import { loadDialog } from '../src/triage/load-dialog';
import type { Facts } from '../src/triage/slots';
import { TriageEngine } from '../src/triage/triage-engine';
import { startAzurite, type Azurite } from './support/azurite';
import { HttpTriage, outcomeOf, questionOf, runHttpTriage, sendMessage, startBotServer, type BotServer } from './support/bot-server';
import { runVignette } from './support/run-vignette';
import { eventually, TestReceiver } from './support/escalation-receiver';

const dialog = loadDialog();
const engine = new TriageEngine(dialog);
const CONTAINER = 'scale-out';
const TTL_HOURS = 2;

/** Holds the first `count` conversation reads until all have arrived, so concurrent turns surely read the same version. */
class ReadBarrier {
  private readonly waiting: (() => void)[] = [];
  constructor(private count: number) {}

  async pass(): Promise<void> {
    if (this.count === 0) return;
    await new Promise<void>((release) => {
      this.waiting.push(release);
      if (this.waiting.length === this.count) {
        this.count = 0;
        this.waiting.splice(0).forEach((go) => go());
      }
    });
  }
}

/** An instance's blob storage with conversation reads passing through `gate.barrier` when one is set. */
function gatedStorage(storage: CreatableStorage, gate: { barrier?: ReadBarrier }): CreatableStorage {
  return {
    read: async (keys) => {
      const items = await storage.read(keys);
      if (keys.some((key) => key.startsWith('triage/'))) await gate.barrier?.pass();
      return items;
    },
    write: (changes) => storage.write(changes),
    delete: (keys) => storage.delete(keys),
    create: (key: string, item: StoreItem) => storage.create(key, item),
  };
}

let azurite: Azurite;
let env: NodeJS.ProcessEnv;
let one: BotServer;
let a: BotServer;
let b: BotServer;
let racerA: BotServer;
let racerB: BotServer;
let storage: Storage;
const gate: { barrier?: ReadBarrier } = {};

beforeAll(async () => {
  azurite = await startAzurite();
  env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: CONTAINER, CONVERSATION_TTL_HOURS: String(TTL_HOURS) };
  storage = createStorage(loadConfig(env));
  one = await startBotServer({});
  a = await startBotServer(env);
  b = await startBotServer(env);
  racerA = await startBotServer(env, { storage: gatedStorage(createStorage(loadConfig(env)) as CreatableStorage, gate) });
  racerB = await startBotServer(env, { storage: gatedStorage(createStorage(loadConfig(env)) as CreatableStorage, gate) });
});
afterAll(async () => {
  await Promise.all([one, a, b, racerA, racerB].map((server) => server?.close()));
  await azurite?.stop();
});

const store = () => new ConversationStore(storage);
const key = (conversationId: string) => conversationKey('webchat', conversationId);
const factsOf = async (conversationId: string) => (await store().load(key(conversationId))).record?.triage.context.facts;
const texts = (replies: { text?: string }[]) => replies.map((reply) => reply.text ?? '');

/** Starts a triage on server A and answers its first `turns` questions (benign answers). */
async function startedTriage(conversationId: string, turns: number): Promise<HttpTriage> {
  const triage = new HttpTriage(conversationId, {});
  for (let turn = 0; turn <= turns; turn += 1) await triage.turn(a.url);
  return triage;
}

const VIGNETTES: [string, Facts][] = [
  ['nothing of note', {}],
  ['chest symptoms', { chestSymptoms: true }],
  ['fever', { fever: true }],
  ['sciatica', { radiation: 'below_knee', character: 'shooting_burning' }],
  ['DOMS pattern', { onset: 'workout', workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false, durationDays: 2 }],
  ['7 days, not improving', { durationDays: 7, improving: false }],
];

describe('two instances on one Azurite container', () => {

  it.each(VIGNETTES)('%s: turns alternating between them reach what one server reaches', async (name, facts) => {
    const id = name.replace(/\W+/g, '-');
    const single = await runHttpTriage([one.url], `one-${id}`, facts);
    const alternating = await runHttpTriage([a.url, b.url], `ab-${id}`, facts);
    expect(alternating.asked).toEqual(single.asked);
    expect(alternating.outcome).toEqual(single.outcome);
    expect(alternating.asked).toEqual(runVignette(engine, facts).asked);
    expect(alternating.outcome!.disposition).toBe(runVignette(engine, facts).outcome.disposition);
  });
});

describe('concurrent turns of one conversation on two instances', () => {
  afterEach(() => (gate.barrier = undefined));

  it('keeps both answers when two answers reach A and B at the same moment', async () => {
    const triage = await startedTriage('race-answers', 2);
    expect(triage.asked.at(-1)).toBe('location');
    gate.barrier = new ReadBarrier(2);
    await Promise.all([
      sendMessage(racerA.url, 'race-answers', { location: 'lower' }),
      sendMessage(racerB.url, 'race-answers', { onset: 'lifting_twisting' }),
    ]);
    expect(await factsOf('race-answers')).toMatchObject({ location: 'lower', onset: 'lifting_twisting' });
    expect(questionOf(await sendMessage(b.url, 'race-answers', 'what was the question?'))?.questionId).toBe('duration');
  });

  it('keeps both answers when the first two messages of a new conversation race (atomic create)', async () => {
    gate.barrier = new ReadBarrier(2);
    await Promise.all([
      sendMessage(racerA.url, 'race-create', { chestSymptoms: false }),
      sendMessage(racerB.url, 'race-create', { location: 'lower' }),
    ]);
    expect(await factsOf('race-create')).toEqual({ chestSymptoms: false, location: 'lower' });
  });
});

describe('stored records from the past', () => {
  it('carries a record saved by another graph version over by slot name: no restart, every answer kept, the next question asked', async () => {
    await startedTriage('old-graph', 3);
    const loaded = await store().load(key('old-graph'));
    const before = loaded.record!.triage.context.facts;
    expect(before).toMatchObject({ location: 'lower' });
    await storage.write({ [key('old-graph')]: { record: { ...loaded.record, graphVersion: 'old' }, eTag: loaded.eTag } });
    const replies = await sendMessage(b.url, 'old-graph', { onset: 'lifting_twisting' });
    expect(texts(replies).some((text) => text.startsWith(dialog.welcome.slice(0, 20)))).toBe(false);
    expect(questionOf(replies)?.questionId).toBe('duration');
    const after = (await store().load(key('old-graph'))).record!;
    expect(after.graphVersion).toBe(dialog.version);
    expect(after.triage.context.facts).toEqual({ ...before, onset: 'lifting_twisting' });
  });

  it('reads a record saved at the outcome before the statechart redesign (state "concluded") as the outcome, with no restart', async () => {
    await startedTriage('old-state-name', 3);
    const loaded = await store().load(key('old-state-name'));
    const context = { ...loaded.record!.triage.context, facts: { ...loaded.record!.triage.context.facts, bladderBowel: true as const } };
    const record = { ...loaded.record!, triage: { value: 'concluded', context }, lastDisposition: 'emergency' as const };
    await storage.write({ [key('old-state-name')]: { record, eTag: loaded.eTag } });
    const replies = await sendMessage(b.url, 'old-state-name', 'ok thanks');
    expect(texts(replies).some((text) => text.startsWith(dialog.welcome.slice(0, 20)))).toBe(false);
    expect(questionOf(replies)).toBeUndefined();
    const after = (await store().load(key('old-state-name'))).record!;
    expect(after.triage.value).toBe('outcome');
    expect(after.triage.context.facts).toEqual(context.facts);
  });

  it.each([
    ['older than CONVERSATION_TTL_HOURS is treated as new', TTL_HOURS + 1, 'emergency-screen'],
    ['younger than CONVERSATION_TTL_HOURS continues', TTL_HOURS - 1, 'onset'],
  ])('a record %s', async (_name, hoursIdle, nextQuestion) => {
    const id = `idle-${hoursIdle}`;
    await startedTriage(id, 2);
    const loaded = await store().load(key(id));
    const updatedAt = new Date(Date.now() - hoursIdle * 3_600_000).toISOString();
    await storage.write({ [key(id)]: { record: { ...loaded.record, updatedAt }, eTag: loaded.eTag } });
    const replies = await sendMessage(b.url, id, { location: 'lower' });
    expect(questionOf(replies)?.questionId).toBe(nextQuestion);
    expect(texts(replies).some((text) => text.startsWith(dialog.welcome.slice(0, 20)))).toBe(nextQuestion === 'emergency-screen');
  });
});

describe('two instances of different graph versions on one container (a rolling deploy)', () => {
  const SECRET = 'rolling-deploy-secret';
  const lines: Array<Record<string, unknown>> = [];
  let receiver: TestReceiver;
  let current: BotServer;
  let next: BotServer;
  // The next version: another version string, a reworded question, and the "stiffness" choice gone.
  const nextDialog: Dialog = structuredClone(dialog);
  nextDialog.version = `${dialog.version}-next`;
  nextDialog.questions.find((question) => question.id === 'location')!.text = 'Where in your back is the pain?';
  const character = nextDialog.questions.find((question) => question.id === 'character')!;
  character.options = character.options!.filter((option) => option.value !== 'stiffness');

  beforeAll(async () => {
    receiver = new TestReceiver();
    const hook = { ...env, ESCALATION_WEBHOOK_URL: `http://127.0.0.1:${await receiver.listen()}/alerts`, ESCALATION_WEBHOOK_SECRET: SECRET };
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line)) });
    current = await startBotServer(hook, { logger });
    next = await startBotServer(hook, { logger, dialog: nextDialog });
  });
  afterAll(async () => {
    for (const server of [current, next]) server?.app.escalation.stop();
    await Promise.all([current, next].map((server) => server?.close()));
    await receiver?.close();
  });

  it.each(VIGNETTES.filter(([name]) => name !== 'chest symptoms'))('%s: turns alternating between versions never restart, ask nothing twice and reach the outcome', async (name, facts) => {
    const id = `versions-${name.replace(/\W+/g, '-')}`;
    const single = await runHttpTriage([one.url], `one-${id}`, facts);
    const alternating = await runHttpTriage([current.url, next.url], id, facts);
    expect(alternating.asked).toEqual(single.asked);
    expect(new Set(alternating.asked).size).toBe(alternating.asked.length);
    expect(alternating.outcome).toEqual(single.outcome);
  });

  it('a red flag told while the versions alternate gives one signed alert, and later messages on either version do not alert again', async () => {
    const triage = new HttpTriage('versions-red-flag', { fever: true });
    for (const server of [current, next, current]) {
      const replies = await triage.turn(server.url);
      expect(texts(replies).some((text) => text.startsWith(dialog.welcome.slice(0, 20)))).toBe(triage.asked.length === 1);
    }
    expect(triage.outcome?.disposition).toBe('consultation_24');
    for (const server of [next, current]) expect(outcomeOf(await sendMessage(server.url, 'versions-red-flag', 'I have a fever'))).toBeUndefined();
    await eventually(async () => receiver.requests.length > 0 && (await current.app.escalation.pendingAlertIds()).length === 0);
    const alerts = receiver.requests.filter((request) => JSON.parse(request.body).conversation.id === 'versions-red-flag');
    expect(alerts).toHaveLength(1);
    expect(alerts[0].headers['x-signature-256']).toBe(`sha256=${createHmac('sha256', SECRET).update(alerts[0].body).digest('hex')}`);
    expect(JSON.parse(alerts[0].body)).toMatchObject({ disposition: 'consultation_24', redFlags: ['fever'] });
  });

  it('drops only a fact whose value the other version no longer has, asks for it again, and logs the slot (not the value)', async () => {
    const triage = new HttpTriage('versions-dropped', { character: 'stiffness' });
    while (triage.asked.at(-1) !== 'radiation') await triage.turn(current.url);
    expect((await factsOf('versions-dropped'))?.character).toBe('stiffness');
    const replies = await sendMessage(next.url, 'versions-dropped', { radiation: 'none' });
    expect(questionOf(replies)?.questionId).toBe('character');
    const facts = await factsOf('versions-dropped');
    expect(facts).toMatchObject({ location: 'lower', radiation: 'none' });
    expect(facts?.character).toBeUndefined();
    const logged = lines.filter((line) => line.event === 'triage.carried_over' && line.conversationId === 'versions-dropped' && line.level === 40);
    expect(logged).toEqual([expect.objectContaining({ droppedSlots: ['character'], fromGraph: dialog.version, toGraph: nextDialog.version })]);
    expect(JSON.stringify(lines)).not.toContain('stiffness');
  });
});

describe('"forget me"', () => {
  it('deletes the conversation blob from the container', async () => {
    const container = new ContainerClient(azurite.connectionString, CONTAINER);
    const blobsOf = async (conversationId: string) => {
      const names: string[] = [];
      for await (const blob of container.listBlobsFlat()) if (blob.name.includes(conversationId)) names.push(blob.name);
      return names;
    };
    await startedTriage('forget-this-one', 2);
    expect(await blobsOf('forget-this-one')).toHaveLength(1);
    const replies = await sendMessage(b.url, 'forget-this-one', 'forget me');
    expect(texts(replies)).toContain(dialog.messages.forgotten);
    expect(await blobsOf('forget-this-one')).toEqual([]);
    expect(await new BlobsStorage(azurite.connectionString, CONTAINER).read([key('forget-this-one')])).toEqual({});
  });
});

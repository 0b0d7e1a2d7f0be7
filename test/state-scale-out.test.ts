import type { Storage, StoreItem } from 'botbuilder';
import { ContainerClient } from '@azure/storage-blob';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { loadConfig } from '../src/config';
import { ConversationStore, conversationKey } from '../src/state/conversation-store';
import type { CreatableStorage } from '../src/state/creatable-storage';
import { createStorage } from '../src/state/create-storage';
import { loadDialog } from '../src/triage/load-dialog';
import type { Facts } from '../src/triage/slots';
import { TriageEngine } from '../src/triage/triage-engine';
import { startAzurite, type Azurite } from './support/azurite';
import { HttpTriage, questionOf, runHttpTriage, sendMessage, startBotServer, type BotServer } from './support/bot-server';
import { runVignette } from './support/run-vignette';

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

describe('two instances on one Azurite container', () => {
  const VIGNETTES: [string, Facts][] = [
    ['nothing of note', {}],
    ['chest symptoms', { chestSymptoms: true }],
    ['fever', { fever: true }],
    ['sciatica', { radiation: 'below_knee', character: 'shooting_burning' }],
    ['DOMS pattern', { onset: 'workout', workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false, durationDays: 2 }],
    ['7 days, not improving', { durationDays: 7, improving: false }],
  ];

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
  it('tells the user the triage restarts when the record was saved by an older graph, and asks the first question', async () => {
    await startedTriage('old-graph', 2);
    const loaded = await store().load(key('old-graph'));
    await storage.write({ [key('old-graph')]: { record: { ...loaded.record, graphVersion: 'old' }, eTag: loaded.eTag } });
    const replies = await sendMessage(b.url, 'old-graph', { location: 'lower' });
    expect(texts(replies)).toContain(dialog.messages.graphUpdated);
    expect(questionOf(replies)?.questionId).toBe('emergency-screen');
    expect((await store().load(key('old-graph'))).record!.graphVersion).toBe(dialog.version);
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

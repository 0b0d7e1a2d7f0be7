import type { Storage } from 'botbuilder';
import { BlobsStorage } from 'botbuilder-azure-blobs';
import { RECORD_VERSION, type ConversationRecord } from '../src/conversation/conversation-record';
import { loadConfig } from '../src/config';
import { ConversationStore, conversationKey, isWriteConflict } from '../src/state/conversation-store';
import { canCreate, type CreatableStorage } from '../src/state/creatable-storage';
import { createStorage } from '../src/state/create-storage';
import { GuardedBlobsStorage } from '../src/state/guarded-blobs-storage';
import { GuardedMemoryStorage } from '../src/state/guarded-memory-storage';
import { startAzurite, type Azurite } from './support/azurite';

let azurite: Azurite;
beforeAll(async () => (azurite = await startAzurite()));
afterAll(() => azurite?.stop());

const record = (facts: Record<string, unknown>): ConversationRecord => ({
  recordVersion: RECORD_VERSION,
  graphVersion: 'test',
  triage: { value: 'location', context: { facts, history: [], clarify: [] } },
  updatedAt: new Date(0).toISOString(),
});

/** A write that must fail; returns whether it failed as a write conflict. */
async function conflicts(write: Promise<void>): Promise<boolean> {
  return write.then(
    () => false,
    (error: unknown) => isWriteConflict(error),
  );
}

describe('createStorage', () => {
  it('gives memory storage by default and blob storage for STORAGE=blob', () => {
    expect(createStorage(loadConfig({}))).toBeInstanceOf(GuardedMemoryStorage);
    const blob = createStorage(loadConfig({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'chosen' }));
    expect(blob).toBeInstanceOf(BlobsStorage);
    expect(canCreate(blob)).toBe(true);
  });
});

describe.each<[string, () => Storage]>([
  ['memory', () => new GuardedMemoryStorage()],
  ['blob (Azurite)', () => new GuardedBlobsStorage(azurite.connectionString, 'store-unit')],
])('ConversationStore on %s storage', (_name, makeStorage) => {
  let storage: Storage;
  let store: ConversationStore;
  beforeAll(() => {
    storage = makeStorage();
    store = new ConversationStore(storage);
  });

  it('creates a record once: a second create from the same "absent" read is a write conflict', async () => {
    const key = conversationKey('webchat', 'create-once');
    await store.save(key, record({ location: 'lower' }), undefined);
    expect(await conflicts(store.save(key, record({ onset: 'lifting_twisting' }), undefined))).toBe(true);
    expect((await store.load(key)).record!.triage.context.facts).toEqual({ location: 'lower' });
  });

  it('writes with the eTag it read and rejects a stale eTag', async () => {
    const key = conversationKey('webchat', 'if-match');
    await store.save(key, record({}), undefined);
    const first = await store.load(key);
    await store.save(key, record({ location: 'lower' }), first.eTag);
    expect(await conflicts(store.save(key, record({ onset: 'lifting_twisting' }), first.eTag))).toBe(true);
    const latest = await store.load(key);
    expect(latest.record!.triage.context.facts).toEqual({ location: 'lower' });
    expect(latest.eTag).not.toBe(first.eTag);
  });

  it('deletes a record so that it reads as absent and can be created again', async () => {
    const key = conversationKey('webchat', 'deleted');
    await store.save(key, record({ location: 'lower' }), undefined);
    await store.delete(key);
    expect(await store.load(key)).toEqual({});
    await store.save(key, record({ location: 'upper' }), undefined);
    expect((await store.load(key)).record!.triage.context.facts).toEqual({ location: 'upper' });
  });
});

// The same raw storage semantics on both stores the bot ships with: a difference here is a difference in production.
describe.each<[string, () => CreatableStorage]>([
  ['memory', () => new GuardedMemoryStorage()],
  ['blob (Azurite)', () => new GuardedBlobsStorage(azurite.connectionString, 'raw-blobs')],
])('%s storage, raw', (_name, makeStorage) => {
  it('rejects a write whose eTag names an item deleted since ("forget me" racing another turn), leaving it deleted', async () => {
    const storage = makeStorage();
    await storage.create('gone', { n: 1 });
    const { eTag } = (await storage.read(['gone'])).gone as { eTag: string };
    await storage.delete(['gone']);
    expect(await conflicts(storage.write({ gone: { n: 2, eTag } }))).toBe(true);
    expect(await storage.read(['gone'])).toEqual({});
  });

  it('still writes an absent item with eTag "*" or none', async () => {
    const storage = makeStorage();
    await storage.write({ star: { n: 1, eTag: '*' }, none: { n: 2 } });
    expect(await storage.read(['star', 'none'])).toMatchObject({ star: { n: 1 }, none: { n: 2 } });
    await storage.delete(['star', 'none']);
  });
});

describe('ConversationStore record check', () => {
  it('reads a record that is not one (another version, a stray item) as absent but keeps its eTag for the next write', async () => {
    const storage = new GuardedMemoryStorage();
    const key = conversationKey('webchat', 'stray');
    await storage.write({ [key]: { record: { ...record({ location: 'lower' }), recordVersion: RECORD_VERSION + 1 } } });
    const loaded = await new ConversationStore(storage).load(key);
    expect(loaded.record).toBeUndefined();
    expect(loaded.eTag).toEqual(expect.any(String));
  });

  it('reads back its own records unchecked when told the store holds nothing else (the in-memory store)', async () => {
    const own = new ConversationStore(new GuardedMemoryStorage(), { checkRecords: false });
    const key = conversationKey('webchat', 'own');
    await own.save(key, record({ location: 'lower', durationDays: 3 }), undefined);
    expect((await own.load(key)).record).toEqual(record({ location: 'lower', durationDays: 3 }));
  });
});

describe('BlobsStorage eTag behaviour the store relies on (Azurite)', () => {
  it('uploads unconditionally without an eTag, which is why a first record goes through create', async () => {
    const blobs = new BlobsStorage(azurite.connectionString, 'raw-blobs');
    await blobs.write({ k: { n: 1 } });
    await blobs.write({ k: { n: 2 } });
    expect((await blobs.read(['k'])).k).toMatchObject({ n: 2 });
  });

});

describe('isWriteConflict', () => {
  it.each<[string, unknown, boolean]>([
    ['conflict: BlobsStorage or MemoryStorage eTag mismatch', new Error('Storage: error writing "k" due to eTag conflict.'), true],
    ['conflict: a failed create', { statusCode: 412, message: 'exists' }, true],
    ['conflict: a Cosmos DB precondition failure', { code: 412, message: '[Error upserting document] One of the specified pre-condition is not met' }, true],
    ['not a conflict: a storage outage', { statusCode: 503, message: 'Server busy' }, false],
    ['not a conflict: a missing container', { statusCode: 404, code: 'ContainerNotFound', message: 'The specified container does not exist.' }, false],
  ])('%s', (_name, error, expected) => {
    expect(isWriteConflict(error)).toBe(expected);
  });
});

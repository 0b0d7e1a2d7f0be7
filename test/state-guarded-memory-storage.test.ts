import { MemoryStorage, type Storage, type StoreItem } from 'botbuilder';
import { CreateConflictError } from '../src/state/creatable-storage';
import { GuardedMemoryStorage } from '../src/state/guarded-memory-storage';

// The in-memory store must behave like botbuilder's MemoryStorage wherever the bot and its alert outbox
// rely on it; each case runs on both, so a difference shows up as a failure of ours only.
describe.each<[string, () => Storage]>([
  ['GuardedMemoryStorage', () => new GuardedMemoryStorage()],
  ["botbuilder's MemoryStorage (the reference)", () => new MemoryStorage()],
])('%s', (_name, makeStorage) => {
  let storage: Storage;
  beforeEach(() => {
    storage = makeStorage();
  });

  it('reads back what was written, with an eTag, and nothing for absent keys', async () => {
    await storage.write({ a: { answer: 'lower', nested: { days: 3 } } });
    const items = await storage.read(['a', 'missing']);
    expect(Object.keys(items)).toEqual(['a']);
    expect(items.a).toMatchObject({ answer: 'lower', nested: { days: 3 } });
    expect(typeof items.a.eTag).toBe('string');
  });

  it('hands out copies: changing a read or written object does not change what is stored', async () => {
    const written: StoreItem = { facts: { fever: false } };
    await storage.write({ a: written });
    (written.facts as Record<string, unknown>).fever = true;
    const first = await storage.read(['a']);
    (first.a.facts as Record<string, unknown>).fever = 'changed';
    expect((await storage.read(['a'])).a.facts).toEqual({ fever: false });
  });

  it('writes with the current eTag, refuses a stale one, and lets "*" or no eTag overwrite', async () => {
    await storage.write({ a: { version: 1 } });
    const { a: read } = await storage.read(['a']);
    await storage.write({ a: { version: 2, eTag: read.eTag } });
    await expect(storage.write({ a: { version: 3, eTag: read.eTag } })).rejects.toThrow(/eTag conflict/);
    expect((await storage.read(['a'])).a.version).toBe(2);
    await storage.write({ a: { version: 4, eTag: '*' } });
    await storage.write({ a: { version: 5 } });
    expect((await storage.read(['a'])).a.version).toBe(5);
  });

  it('deletes items (absent keys are ignored)', async () => {
    await storage.write({ a: { x: 1 }, b: { x: 2 } });
    await storage.delete(['a', 'never-written']);
    expect(Object.keys(await storage.read(['a', 'b']))).toEqual(['b']);
  });
});

describe('GuardedMemoryStorage beyond MemoryStorage', () => {
  it('creates an item only while its key is absent', async () => {
    const storage = new GuardedMemoryStorage();
    await storage.create('a', { first: true });
    await expect(storage.create('a', { first: false })).rejects.toBeInstanceOf(CreateConflictError);
    expect((await storage.read(['a'])).a.first).toBe(true);
    await storage.delete(['a']);
    await storage.create('a', { second: true });
    expect((await storage.read(['a'])).a.second).toBe(true);
  });

  it('of two creates started together, exactly one wins', async () => {
    const storage = new GuardedMemoryStorage();
    const results = await Promise.allSettled([storage.create('a', { by: 1 }), storage.create('a', { by: 2 })]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
  });

  it('lists the keys it holds', async () => {
    const storage = new GuardedMemoryStorage();
    await storage.write({ 'triage/webchat/a': { x: 1 }, 'alerts/b': { x: 2 } });
    await storage.delete(['alerts/b']);
    expect(storage.keys()).toEqual(['triage/webchat/a']);
  });
});

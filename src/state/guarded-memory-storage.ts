import type { StoreItem, StoreItems } from 'botbuilder';
import { CreateConflictError, type CreatableStorage } from './creatable-storage';

/** One stored item: its JSON (so no caller shares an object with the store) and its eTag. */
interface Entry {
  json: string;
  eTag: string;
}

/**
 * The in-memory store (one process, lost on restart), with the semantics of the Blob store
 * (`GuardedBlobsStorage`) — items are copied in and out as JSON; a write whose eTag is neither absent
 * nor `*` fails with an "eTag conflict" unless it matches the stored item's, also when that item has
 * been deleted since (botbuilder's `MemoryStorage` would recreate it) — plus an atomic `create`.
 * Unlike `MemoryStorage`, a conditional write compares eTags without parsing the stored item again.
 * Every check and write happens within one call, in one tick, so nothing interleaves.
 */
export class GuardedMemoryStorage implements CreatableStorage {
  private readonly entries = new Map<string, Entry>();
  private lastETag = 0;

  /** The stored items among `keys`, each a fresh copy carrying its current eTag. */
  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const entry = this.entries.get(key);
      if (!entry) continue;
      const item = JSON.parse(entry.json) as StoreItem;
      item.eTag = entry.eTag;
      items[key] = item;
    }
    return items;
  }

  /** Writes every change, each with a new eTag; throws on the first eTag conflict, a stale eTag of a deleted item included (the changes before it are kept, as in `MemoryStorage`). */
  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const current = this.entries.get(key);
      const eTag = (item as StoreItem | undefined)?.eTag;
      // A real eTag guards the item it was read from: if that item was deleted since, the write fails
      // (as Blob storage's If-Match does) rather than bring deleted data back.
      if (eTag && eTag !== '*' && eTag !== current?.eTag) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      this.store(key, item ?? {});
    }
  }

  /** Deletes the items under `keys` (absent ones are ignored). */
  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.entries.delete(key);
  }

  /** Writes `item` only if `key` is absent; otherwise throws a `CreateConflictError`. */
  async create(key: string, item: StoreItem): Promise<void> {
    if (this.entries.has(key)) throw new CreateConflictError(key);
    this.store(key, item);
  }

  /** The keys of every stored item (for measurements and tests). */
  keys(): string[] {
    return [...this.entries.keys()];
  }

  private store(key: string, item: StoreItem): void {
    this.lastETag += 1;
    // The eTag lives beside the JSON, not in it.
    this.entries.set(key, { json: JSON.stringify({ ...item, eTag: undefined }), eTag: String(this.lastETag) });
  }
}

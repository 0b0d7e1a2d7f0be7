import { MemoryStorage, type StoreItem } from 'botbuilder';
import { CreateConflictError, type CreatableStorage } from './creatable-storage';

/** botbuilder's `MemoryStorage` plus an atomic `create`: one process only, lost on restart. */
export class GuardedMemoryStorage extends MemoryStorage implements CreatableStorage {
  /** Writes `item` only if `key` is absent; the check and the write run in the same tick, so nothing interleaves. */
  create(key: string, item: StoreItem): Promise<void> {
    if (this.memory[key] !== undefined) return Promise.reject(new CreateConflictError(key));
    return this.write({ [key]: { ...item, eTag: '*' } });
  }
}

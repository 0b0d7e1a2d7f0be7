import type { Storage, StoreItem } from 'botbuilder';

/**
 * A botbuilder `Storage` that can also create an item atomically. botbuilder's stores write an item
 * that has no eTag (or eTag `*`) unconditionally, so two instances that both found a conversation
 * absent would each overwrite the other's first answer; `create` closes that gap.
 */
export interface CreatableStorage extends Storage {
  /** Writes `item` under `key` only if nothing is stored there; otherwise throws a `CreateConflictError`. */
  create(key: string, item: StoreItem): Promise<void>;
}

/** Thrown by `CreatableStorage.create` when the key already holds an item (412, like an eTag conflict). */
export class CreateConflictError extends Error {
  readonly statusCode = 412;

  constructor(key: string) {
    super(`Storage: error creating "${key}": it already exists (eTag conflict).`);
    this.name = 'CreateConflictError';
  }
}

/** True when `storage` supports an atomic `create`. */
export function canCreate(storage: Storage): storage is CreatableStorage {
  return typeof (storage as Partial<CreatableStorage>).create === 'function';
}

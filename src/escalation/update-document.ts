import type { KeyValueStore, StoreItem } from './key-value-store';

/**
 * Reads `key`, applies `change` and writes the result guarded by the eTag it read, re-reading and
 * re-applying on a failed write (another writer won) up to `maxAttempts` times. `change` returns
 * `undefined` to leave the document as it is. Resolves to what was written, or `undefined`.
 */
export async function updateDocument<T extends object>(
  store: KeyValueStore,
  key: string,
  change: (current: (T & StoreItem) | undefined) => T | undefined,
  maxAttempts = 5,
): Promise<T | undefined> {
  let lastError: unknown;
  for (let attempt = 0; attempt < maxAttempts; attempt += 1) {
    const current = (await store.read([key]))[key] as (T & StoreItem) | undefined;
    const next = change(current);
    if (next === undefined) return undefined;
    try {
      // A missing document is created atomically where the store can, so of two first writers one
      // fails and re-applies its change to the other's document. Stores without `create` get "*".
      if (current) await store.write({ [key]: { ...next, eTag: current.eTag ?? '*' } });
      else if (store.create) await store.create(key, { ...next } as StoreItem);
      else await store.write({ [key]: { ...next, eTag: '*' } });
      return next;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

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
    // A missing document is created with "*": botbuilder's stores have no create-only write, so two
    // first writers can race; callers keep first writes idempotent (an empty index, a fresh id).
    const eTag = current?.eTag ?? '*';
    try {
      await store.write({ [key]: { ...next, eTag } });
      return next;
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

import type { KeyValueStore, StoreItems } from './key-value-store';

/**
 * A process-local KeyValueStore with botbuilder's eTag rules. EscalationService keeps an alert here only
 * when the configured store cannot be written, so the alert is still delivered while the process lives.
 */
export class VolatileStore implements KeyValueStore {
  private readonly documents = new Map<string, string>();
  private nextETag = 1;

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    for (const key of keys) {
      const json = this.documents.get(key);
      if (json !== undefined) items[key] = JSON.parse(json);
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    for (const [key, item] of Object.entries(changes)) {
      const stored = this.documents.get(key);
      const eTag = (item as { eTag?: string }).eTag;
      if (stored !== undefined && eTag && eTag !== '*' && JSON.parse(stored).eTag !== eTag) {
        throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
      }
      this.documents.set(key, JSON.stringify({ ...item, eTag: String(this.nextETag++) }));
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const key of keys) this.documents.delete(key);
  }
}

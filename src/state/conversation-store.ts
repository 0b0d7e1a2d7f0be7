import type { Storage } from 'botbuilder';
import { readStoredRecord, type ConversationRecord } from '../conversation/conversation-record';
import { canCreate } from './creatable-storage';

/** A stored conversation and the eTag it was read with. */
export interface LoadedConversation {
  record?: ConversationRecord;
  eTag?: string;
  /** The slots of facts left out of a checked record because no such slot or value exists (see `readStoredRecord`). */
  droppedFacts?: string[];
}

/** How a store treats what it reads back. */
export interface ConversationStoreOptions {
  /**
   * Check every record read against the record schema (default). Turn it off only for a store that
   * this process alone writes, through `save` (the in-memory store): what it reads back is a record
   * this process's own turns produced, already checked by its types.
   */
  checkRecords?: boolean;
}

/**
 * Conversation records in any botbuilder `Storage` (MemoryStorage, BlobsStorage, Cosmos DB), with
 * optimistic concurrency: a save carries the eTag it was read with, so a concurrent write from
 * another instance makes it fail (see `isWriteConflict`) instead of silently dropping an answer.
 */
export class ConversationStore {
  private readonly checkRecords: boolean;

  constructor(
    private readonly storage: Storage,
    options: ConversationStoreOptions = {},
  ) {
    this.checkRecords = options.checkRecords ?? true;
  }

  /** Reads a record; a malformed one (when checked) reads as absent, so the triage starts again, but keeps its eTag; facts no slot takes are left out and named. */
  async load(key: string): Promise<LoadedConversation> {
    const items = await this.storage.read([key]);
    const item = items[key] as { record?: unknown; eTag?: string } | undefined;
    if (!item) return {};
    if (!this.checkRecords) return { record: item.record as ConversationRecord | undefined, eTag: item.eTag };
    const { record, droppedFacts } = readStoredRecord(item.record);
    return droppedFacts.length > 0 ? { record, eTag: item.eTag, droppedFacts } : { record, eTag: item.eTag };
  }

  /**
   * Writes a record if it has not changed since it was read with `eTag`; without an eTag (it was
   * absent) only if it is still absent. A store with no atomic create (see `CreatableStorage`) writes
   * a first record unconditionally, so two first messages racing on two instances could lose one.
   */
  async save(key: string, record: ConversationRecord, eTag: string | undefined): Promise<void> {
    if (eTag) await this.storage.write({ [key]: { record, eTag } });
    else if (canCreate(this.storage)) await this.storage.create(key, { record });
    else await this.storage.write({ [key]: { record, eTag: '*' } });
  }

  /**
   * Applies `change` to the stored record and writes it with the eTag it was read with, re-reading and
   * re-applying when another writer came first (up to `maxAttempts`). `change` returns undefined to leave
   * the record as it is; an absent record is left absent. Resolves true when it wrote.
   */
  async update(key: string, change: (record: ConversationRecord) => ConversationRecord | undefined, maxAttempts = 5): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      const loaded = await this.load(key);
      const next = loaded.record && change(loaded.record);
      if (!next) return false;
      try {
        await this.save(key, next, loaded.eTag);
        return true;
      } catch (error) {
        if (!isWriteConflict(error) || attempt >= maxAttempts) throw error;
      }
    }
  }

  /** Deletes a record ("forget me"). */
  async delete(key: string): Promise<void> {
    await this.storage.delete([key]);
  }
}

/** True when a storage write failed because another writer changed the item first (eTag mismatch). */
export function isWriteConflict(error: unknown): boolean {
  const candidate = error as { statusCode?: number; code?: string | number; message?: string } | undefined;
  return (
    candidate?.statusCode === 412 ||
    // The Cosmos DB SDK (botbuilder-azure's CosmosDbPartitionedStorage) reports the HTTP status as a numeric `code`.
    candidate?.code === 412 ||
    candidate?.code === 'ConditionNotMet' ||
    /eTag conflict|precondition|ConditionNotMet/i.test(candidate?.message ?? '')
  );
}

/** The storage key of a conversation: one record per channel and conversation id. */
export function conversationKey(channelId: string, conversationId: string): string {
  return `triage/${encodeURIComponent(channelId)}/${encodeURIComponent(conversationId)}`;
}

import type { EscalationAlert } from './escalation-alert';
import type { KeyValueStore } from './key-value-store';
import { updateDocument } from './update-document';

/** The key of the outbox index: botbuilder's Storage cannot list keys, so pending alert ids are kept in one document. */
export const OUTBOX_INDEX_KEY = 'escalation-outbox';

/** The key of one alert's outbox record. */
export function outboxRecordKey(alertId: string): string {
  return `escalation-alert-${alertId}`;
}

/** Where one destination stands with one alert. `expired`: retried for the policy's maxAgeMs without success; `unconfigured`: the destination no longer exists. */
export interface DeliveryState {
  status: 'pending' | 'delivered' | 'expired' | 'unconfigured';
  attempts: number;
  /** Epoch milliseconds of the next attempt while pending. */
  nextAttemptAt: number;
}

/** One alert in the outbox, with its delivery state per destination and the lease of the instance attempting it. */
export interface OutboxRecord {
  alert: EscalationAlert;
  deliveries: Record<string, DeliveryState>;
  lease?: { owner: string; until: number };
}

interface OutboxIndex {
  alertIds: string[];
}

/** True while any destination of `record` is still to be delivered. */
export function isPending(record: OutboxRecord): boolean {
  return Object.values(record.deliveries).some((state) => state.status === 'pending');
}

/** The outbox of alerts in a KeyValueStore: one record per alert plus an index of pending ids, all eTag-guarded. */
export class Outbox {
  constructor(readonly store: KeyValueStore) {}

  /** Creates the empty index when there is none (an empty index is the same whoever writes it first). */
  async ensureIndex(): Promise<void> {
    await updateDocument<OutboxIndex>(this.store, OUTBOX_INDEX_KEY, (current) => (current ? undefined : { alertIds: [] }));
  }

  /** Writes a new record; its key is fresh, so the write is unconditional. */
  async put(record: OutboxRecord): Promise<void> {
    await this.store.write({ [outboxRecordKey(record.alert.id)]: { ...record, eTag: '*' } });
  }

  /** Adds `alertId` to the index, so that a restarted or another instance finds it. */
  async index(alertId: string): Promise<void> {
    await updateDocument<OutboxIndex>(this.store, OUTBOX_INDEX_KEY, (current) => {
      const alertIds = current?.alertIds ?? [];
      return alertIds.includes(alertId) ? undefined : { alertIds: [...alertIds, alertId] };
    });
  }

  /** The ids in the index. */
  async pendingIds(): Promise<string[]> {
    const index = (await this.store.read([OUTBOX_INDEX_KEY]))[OUTBOX_INDEX_KEY] as OutboxIndex | undefined;
    return index?.alertIds ?? [];
  }

  /** Deletes a settled record and takes its id out of the index. */
  async remove(alertId: string): Promise<void> {
    await this.store.delete([outboxRecordKey(alertId)]);
    await updateDocument<OutboxIndex>(this.store, OUTBOX_INDEX_KEY, (current) =>
      current?.alertIds.includes(alertId) ? { alertIds: current.alertIds.filter((id) => id !== alertId) } : undefined,
    );
  }
}

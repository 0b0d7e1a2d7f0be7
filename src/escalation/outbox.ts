import type { EscalationAlert } from './escalation-alert';
import type { KeyValueStore } from './key-value-store';
import { updateDocument } from './update-document';

/** The key of the outbox index: botbuilder's Storage cannot list keys, so pending alert ids are kept in one document. */
export const OUTBOX_INDEX_KEY = 'escalation-outbox';

/** The key of the dead-letter index: alerts a destination never accepted within the retry policy, kept for an operator. */
export const DEAD_LETTER_INDEX_KEY = 'escalation-dead-letters';

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
  /** Epoch milliseconds from which the retry policy's maxAgeMs counts: the alert's creation, or the moment an operator re-sent it. */
  retryFrom?: number;
  /** ISO time at which a destination expired and the alert became a dead letter. */
  deadAt?: string;
}

/**
 * What stays of an alert once every destination accepted it (or no longer exists): no facts, only
 * enough for an atomic create of the same id to fail, so a late mover cannot queue it a second time.
 */
export interface SettledRecord {
  settledAt: string;
  deliveries: Record<string, DeliveryState>;
}

/** A document under `outboxRecordKey`. */
export type OutboxDocument = OutboxRecord | SettledRecord;

/** True when `document` still holds its alert (pending, or a dead letter). */
export function holdsAlert(document: OutboxDocument): document is OutboxRecord {
  return 'alert' in document;
}

/** An alert id indexed before the conversation record that carries the alert was written (see `Outbox.stage`). */
export interface StagedAlert {
  /** The key of the record that carries the alert until it is in the outbox. */
  source: string;
  /** Epoch milliseconds of staging. */
  at: number;
}

/** The pending index: every alert id not yet settled, and the sources of those staged but perhaps not yet in the outbox. */
export interface OutboxIndex {
  alertIds: string[];
  staged?: Record<string, StagedAlert>;
}

interface DeadLetterIndex {
  alertIds: string[];
}

/** True while any destination of `record` is still to be delivered. */
export function isPending(record: OutboxRecord): boolean {
  return Object.values(record.deliveries).some((state) => state.status === 'pending');
}

/** True when some destination gave the alert up after retrying for the policy's maxAgeMs. */
export function hasExpired(record: OutboxRecord): boolean {
  return Object.values(record.deliveries).some((state) => state.status === 'expired');
}

/**
 * The outbox of alerts in a KeyValueStore: one record per alert, an index of pending ids and an index of
 * dead letters, all eTag-guarded. An id enters the pending index before its record is created, so no
 * record exists that no sweep can find.
 */
export class Outbox {
  constructor(readonly store: KeyValueStore) {}

  /** Creates the empty index when there is none (atomically where the store can create). */
  async ensureIndex(): Promise<void> {
    await updateDocument<OutboxIndex>(this.store, OUTBOX_INDEX_KEY, (current) => (current ? undefined : { alertIds: [] }));
  }

  /** Indexes `alertId` as staged by `source`: written before the record that carries the alert, so a sweep can move it on if the process dies. */
  async stage(alertId: string, staged: StagedAlert): Promise<void> {
    await updateDocument<OutboxIndex>(this.store, OUTBOX_INDEX_KEY, (current) => ({
      alertIds: current?.alertIds.includes(alertId) ? current.alertIds : [...(current?.alertIds ?? []), alertId],
      staged: { ...current?.staged, [alertId]: staged },
    }));
  }

  /** Adds `alertId` to the pending index, so that a restarted or another instance finds it. */
  async index(alertId: string): Promise<void> {
    await updateDocument<OutboxIndex>(this.store, OUTBOX_INDEX_KEY, (current) => {
      const alertIds = current?.alertIds ?? [];
      return alertIds.includes(alertId) ? undefined : { ...current, alertIds: [...alertIds, alertId] };
    });
  }

  /** Creates the record of a new alert; false when a record with its id exists already (queued, settled or dead), which is left as it is. */
  async create(record: OutboxRecord): Promise<boolean> {
    let created = false;
    await updateDocument<OutboxDocument>(this.store, outboxRecordKey(record.alert.id), (current) => {
      created = !current;
      return current ? undefined : record;
    });
    return created;
  }

  /** The pending index. */
  async pending(): Promise<OutboxIndex> {
    const index = (await this.store.read([OUTBOX_INDEX_KEY]))[OUTBOX_INDEX_KEY] as OutboxIndex | undefined;
    return { alertIds: index?.alertIds ?? [], staged: index?.staged ?? {} };
  }

  /** The ids in the pending index. */
  async pendingIds(): Promise<string[]> {
    return (await this.pending()).alertIds;
  }

  /** Takes `alertId` out of the pending index. */
  async unindex(alertId: string): Promise<void> {
    await updateDocument<OutboxIndex>(this.store, OUTBOX_INDEX_KEY, (current) => {
      if (!current || (!current.alertIds.includes(alertId) && !current.staged?.[alertId])) return undefined;
      const { [alertId]: _dropped, ...staged } = current.staged ?? {};
      return { alertIds: current.alertIds.filter((id) => id !== alertId), staged };
    });
  }

  /** Replaces a delivered record with its `SettledRecord` and takes it out of the pending index. */
  async settle(alertId: string, now: number): Promise<void> {
    await updateDocument<OutboxDocument>(this.store, outboxRecordKey(alertId), (current) =>
      current && holdsAlert(current) ? { settledAt: new Date(now).toISOString(), deliveries: current.deliveries } : undefined,
    );
    await this.unindex(alertId);
  }

  /** Keeps an expired record as a dead letter: marked, listed in the dead-letter index, out of the pending index. */
  async bury(alertId: string, now: number): Promise<void> {
    await updateDocument<OutboxDocument>(this.store, outboxRecordKey(alertId), (current) =>
      current && holdsAlert(current) && !current.deadAt ? { ...current, deadAt: new Date(now).toISOString() } : undefined,
    );
    await updateDocument<DeadLetterIndex>(this.store, DEAD_LETTER_INDEX_KEY, (current) =>
      current?.alertIds.includes(alertId) ? undefined : { alertIds: [...(current?.alertIds ?? []), alertId] },
    );
    await this.unindex(alertId);
  }

  /** The ids of the dead letters. */
  async deadLetterIds(): Promise<string[]> {
    const index = (await this.store.read([DEAD_LETTER_INDEX_KEY]))[DEAD_LETTER_INDEX_KEY] as DeadLetterIndex | undefined;
    return index?.alertIds ?? [];
  }

  /**
   * Queues a dead letter again: its expired destinations are pending from `now`, the retry policy counts
   * from `now`, and it moves back to the pending index. False when `alertId` is not a dead letter.
   */
  async revive(alertId: string, now: number): Promise<boolean> {
    let revived = false;
    await updateDocument<OutboxDocument>(this.store, outboxRecordKey(alertId), (current) => {
      revived = !!current && holdsAlert(current) && !!current.deadAt;
      if (!current || !holdsAlert(current) || !current.deadAt) return undefined;
      const deliveries = Object.fromEntries(
        Object.entries(current.deliveries).map(([name, state]) => [
          name,
          state.status === 'expired' ? { status: 'pending' as const, attempts: 0, nextAttemptAt: now } : state,
        ]),
      );
      const { deadAt: _dead, lease: _lease, ...rest } = current;
      return { ...rest, deliveries, retryFrom: now };
    });
    if (!revived) return false;
    await this.index(alertId);
    await updateDocument<DeadLetterIndex>(this.store, DEAD_LETTER_INDEX_KEY, (current) =>
      current?.alertIds.includes(alertId) ? { alertIds: current.alertIds.filter((id) => id !== alertId) } : undefined,
    );
    return true;
  }
}

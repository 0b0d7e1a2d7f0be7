import { createHmac } from 'node:crypto';
import type { KeyValueStore } from '../escalation/key-value-store';
import { updateDocument } from '../escalation/update-document';
import { isWriteConflict } from '../state/conversation-store';
import type { Disposition } from '../triage/dialog-schema';
import type { RedFlagSlot } from '../triage/slots';

/** One outcome as clinical governance keeps it: no facts, no text, no id that names the user. */
export interface AuditRecord {
  /** ISO time the outcome was reached. */
  at: string;
  /** Keyed hash (HMAC-SHA-256, first 32 hex digits) of the conversation's key: links a conversation's records, names no one. */
  conversation: string;
  disposition: Disposition;
  redFlags: RedFlagSlot[];
  /** The decision graph's version (`dialogs/triage.json` `version`). */
  graph: string;
  /** True when the outcome alerted the clinicians (an escalation). */
  escalated: boolean;
}

interface AuditHour {
  records: AuditRecord[];
}

const HOUR_MS = 3_600_000;
const MAX_APPEND_ATTEMPTS = 30;

/** The store key of the hour holding `at` ("audit-2026-12-04T10", UTC). */
export function auditKey(at: Date): string {
  return `audit-${at.toISOString().slice(0, 13)}`;
}

/**
 * The audit trail for clinical governance: each outcome and escalation as a pseudonymous record, kept in
 * the configured store (memory or Blob) in one document per UTC hour, appended with eTag-guarded writes.
 */
export class AuditTrail {
  constructor(
    private readonly store: KeyValueStore,
    private readonly hashKey: string,
  ) {}

  /** The pseudonym of a conversation key; the same key always gives the same pseudonym. */
  pseudonym(conversationKey: string): string {
    return createHmac('sha256', this.hashKey).update(conversationKey).digest('hex').slice(0, 32);
  }

  /** Appends the record for an outcome reached in `conversationKey` at `at`. Throws when the store fails. */
  async record(conversationKey: string, entry: Omit<AuditRecord, 'at' | 'conversation'>, at: Date): Promise<AuditRecord> {
    const record: AuditRecord = { at: at.toISOString(), conversation: this.pseudonym(conversationKey), ...entry };
    const append = (current: AuditHour | undefined) => ({ records: [...(current?.records ?? []), record] });
    // Many turns may end in the same hour on several instances: a lost race waits a random moment and tries again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await updateDocument<AuditHour>(this.store, auditKey(at), append, 1);
        return record;
      } catch (error) {
        if (!isWriteConflict(error) || attempt >= MAX_APPEND_ATTEMPTS) throw error;
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * Math.min(attempt, 5)));
      }
    }
  }

  /** Every record from `since` up to `until`, oldest first. */
  async between(since: Date, until: Date): Promise<AuditRecord[]> {
    const keys: string[] = [];
    for (let hour = Math.floor(since.getTime() / HOUR_MS) * HOUR_MS; hour <= until.getTime(); hour += HOUR_MS) keys.push(auditKey(new Date(hour)));
    const items = await this.store.read(keys);
    return keys
      .flatMap((key) => ((items[key] as AuditHour | undefined)?.records ?? []))
      .filter((record) => record.at >= since.toISOString() && record.at <= until.toISOString())
      .sort((a, b) => a.at.localeCompare(b.at));
  }
}

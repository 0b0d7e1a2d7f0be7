import { z } from 'zod';
import { escalationAlertSchema, type EscalationAlert } from '../escalation/escalation-alert';
import { DISPOSITIONS, type Disposition } from '../triage/dialog-schema';
import { FACTS_SCHEMA, RED_FLAG_SLOTS, SLOT_NAMES, type SlotName } from '../triage/slots';
import type { TriageState } from '../triage/triage-engine';

/** Bumped when the stored shape changes; a record of another version is not trusted. */
export const RECORD_VERSION = 1;

/** What is stored per conversation: the triage state plus what the bot needs between turns. */
export interface ConversationRecord {
  recordVersion: number;
  /** The `version` of dialogs/triage.json that produced `triage`. */
  graphVersion: string;
  triage: TriageState;
  /** The disposition last shown, so an unchanged outcome is not repeated in full. */
  lastDisposition?: Disposition;
  locale?: string;
  /** ISO time of the last turn, for expiry. */
  updatedAt: string;
  /**
   * Clinician alerts this record carries until they are in the outbox: written in the same guarded write
   * as the outcome that raised them (a transactional outbox), so an alert is as durable as the advice.
   */
  pendingAlerts?: EscalationAlert[];
  /** Set with a record whose turn showed an outcome, until its replies were sent: the next turn gives the advice again. */
  outcomeUnsent?: boolean;
}

const slotName = z.enum(SLOT_NAMES as [SlotName, ...SlotName[]]);
const recordSchema = z.object({
  recordVersion: z.literal(RECORD_VERSION),
  graphVersion: z.string(),
  triage: z.object({
    value: z.string(),
    context: z.object({
      facts: FACTS_SCHEMA,
      history: z.array(z.array(slotName)),
      clarify: z.array(z.enum(RED_FLAG_SLOTS)),
      announced: z.enum(DISPOSITIONS).optional(),
    }),
  }),
  lastDisposition: z.enum(DISPOSITIONS).optional(),
  locale: z.string().max(35).optional(),
  updatedAt: z.string(),
  pendingAlerts: z.array(escalationAlertSchema).max(20).optional(),
  outcomeUnsent: z.boolean().optional(),
});

/** Reads a stored record; anything malformed or of another record version gives undefined (a fresh start), never a throw. */
export function readConversationRecord(raw: unknown): ConversationRecord | undefined {
  const parsed = recordSchema.safeParse(raw);
  // The alerts' facts are their own copy, passed on to the outbox as they are.
  return parsed.success ? (parsed.data as ConversationRecord) : undefined;
}

import { z } from 'zod';
import { escalationAlertSchema, type EscalationAlert } from '../escalation/escalation-alert';
import { DISPOSITIONS, type Disposition } from '../triage/dialog-schema';
import { FACTS_SCHEMA, isRedFlagSlot, isSlotName, SLOT_NAMES, type Facts, type SlotName } from '../triage/slots';
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
  /** A change of an answer the emergency advice rests on: see `PendingCorrection`. */
  correction?: PendingCorrection;
}

/**
 * "back" after an emergency outcome: `asked` while the bot waits for the user to confirm that the answer
 * was wrong (the advice stands meanwhile); `confirmed` once the answer was taken back, until the new
 * answer is known and the clinicians get their follow-up. `before` holds the answer as the alert had it.
 */
export interface PendingCorrection {
  stage: 'asked' | 'confirmed';
  slots: SlotName[];
  before: Facts;
  /** The emergency disposition the correction would change. */
  disposition: Disposition;
}

// Facts, answer history and slots to clarify are read slot by slot (see `readStoredRecord`), so one
// fact a version of the bot no longer knows does not make the whole conversation unreadable.
const recordSchema = z.object({
  recordVersion: z.literal(RECORD_VERSION),
  graphVersion: z.string(),
  triage: z.object({
    value: z.string(),
    context: z.object({
      facts: z.record(z.string(), z.unknown()),
      history: z.array(z.array(z.string())),
      clarify: z.array(z.string()),
      announced: z.enum(DISPOSITIONS).optional(),
    }),
  }),
  lastDisposition: z.enum(DISPOSITIONS).optional(),
  locale: z.string().max(35).optional(),
  updatedAt: z.string(),
  pendingAlerts: z.array(escalationAlertSchema).max(20).optional(),
  outcomeUnsent: z.boolean().optional(),
  correction: z
    .object({
      stage: z.enum(['asked', 'confirmed']),
      slots: z.array(z.enum(SLOT_NAMES as [SlotName, ...SlotName[]])),
      before: FACTS_SCHEMA,
      disposition: z.enum(DISPOSITIONS),
    })
    .optional(),
});

/** A stored record as read back, and the slots of the facts left out of it because no slot of that name or no such value exists. */
export interface StoredRecord {
  record?: ConversationRecord;
  droppedFacts: string[];
}

/**
 * Reads a stored record, never throwing. Anything malformed or of another record version gives no record
 * (a fresh start). A fact whose slot is not a policy slot, or whose value that slot does not take, is
 * left out (named in `droppedFacts`, with the answers and clarifications that name it): the other facts
 * are kept, slot names being the contract between versions.
 */
export function readStoredRecord(raw: unknown): StoredRecord {
  const parsed = recordSchema.safeParse(raw);
  if (!parsed.success) return { droppedFacts: [] };
  const stored = parsed.data;
  const facts: Record<string, unknown> = {};
  const droppedFacts: string[] = [];
  for (const [slot, value] of Object.entries(stored.triage.context.facts)) {
    // Only policy slot names are ever assigned, so no key like "__proto__" reaches the object.
    if (isSlotName(slot) && FACTS_SCHEMA.shape[slot].safeParse(value).success && value !== undefined) facts[slot] = value;
    else droppedFacts.push(slot);
  }
  const known = (slot: string): slot is SlotName => isSlotName(slot) && facts[slot] !== undefined;
  const history = stored.triage.context.history.map((answer) => answer.filter(known)).filter((answer) => answer.length > 0);
  const clarify = stored.triage.context.clarify.filter(isRedFlagSlot);
  const record = {
    ...stored,
    triage: { value: stored.triage.value, context: { ...stored.triage.context, facts: facts as Facts, history, clarify } },
  } as ConversationRecord;
  return { record, droppedFacts };
}

/** Reads a stored record (see `readStoredRecord`), without saying which facts were left out. */
export function readConversationRecord(raw: unknown): ConversationRecord | undefined {
  return readStoredRecord(raw).record;
}

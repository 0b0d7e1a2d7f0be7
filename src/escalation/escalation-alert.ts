import { z } from 'zod';
import { DISPOSITIONS, type Disposition } from '../triage/dialog-schema';
import { RED_FLAG_SLOTS, SLOT_NAMES, type Facts, type RedFlagSlot, type SlotName } from '../triage/slots';

/** What the bot hands over when a triage reaches a disposition; `userText` is used only when the deployment allows it. */
export interface EscalationRequest {
  disposition: Disposition;
  /** The red-flag slots answered yes. */
  redFlags: RedFlagSlot[];
  facts: Facts;
  /** The reasons of the rules that fired (the dialog's rule texts). */
  reasons: string[];
  conversation: { id: string; channelId: string };
  user: { id: string };
  /** The user's own words; dropped unless ESCALATION_INCLUDE_USER_TEXT is on. */
  userText?: string;
  /** Set for a follow-up: the user corrected answers after an alert of this disposition (the `disposition` above is the advice now). */
  correction?: { follows: Disposition; changes: FactCorrection[] };
}

/** One corrected answer: the slot, the value the alert was raised with, and the value now. */
export interface FactCorrection {
  slot: SlotName;
  from: unknown;
  to: unknown;
}

/** One alert to the clinicians, as stored in the outbox and handed to each destination: the request's facts without the user's words, plus its identity and summary. */
export interface EscalationAlert extends Omit<EscalationRequest, 'userText'> {
  /** `triage.correction`: a follow-up to an earlier alert of the same conversation (see `correction`). */
  type: 'triage.escalation' | 'triage.correction';
  /** Unique; destinations use it as the idempotency key, the same on every retry. */
  id: string;
  /** ISO 8601 time of the escalation. */
  createdAt: string;
  /** A short readable text for the clinician. */
  summary: string;
}

/** An alert read back from a shared store (a conversation record that carries it until it is in the outbox); the facts are the alert's own copy, sent as they are. */
export const escalationAlertSchema = z.object({
  type: z.enum(['triage.escalation', 'triage.correction']),
  id: z.string().min(1).max(100),
  createdAt: z.string(),
  disposition: z.enum(DISPOSITIONS),
  redFlags: z.array(z.enum(RED_FLAG_SLOTS)),
  facts: z.record(z.string(), z.unknown()),
  reasons: z.array(z.string()),
  conversation: z.object({ id: z.string(), channelId: z.string() }),
  user: z.object({ id: z.string() }),
  summary: z.string(),
  correction: z
    .object({
      follows: z.enum(DISPOSITIONS),
      changes: z.array(z.object({ slot: z.enum(SLOT_NAMES as [SlotName, ...SlotName[]]), from: z.unknown(), to: z.unknown() })),
    })
    .optional(),
});

/** Where alerts go (a webhook, a Teams channel…); `deliver` resolves once the alert is accepted and throws otherwise, which schedules a retry. */
export interface AlertDestination {
  /** Stable across restarts: the outbox tracks delivery per destination name. */
  readonly name: string;
  /** Delivers one alert; must stop work when `signal` aborts (the attempt timed out). */
  deliver(alert: EscalationAlert, signal: AbortSignal): Promise<void>;
}

/** A delivery failure whose message is safe to log (a status, a code; never a body or a secret). */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryError';
  }
}

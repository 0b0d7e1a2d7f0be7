import type { Dialog } from './dialog-schema';
import { dispositionOf, urgencyOf } from './triage-policy';
import type { Facts, SlotName } from './slots';

/** A slot answered earlier that a later message gave another value in passing, and the value kept. */
export interface PassingChange {
  slot: SlotName;
  before: Facts[SlotName];
  told: Facts[SlotName];
  /** `told` when it gives a more urgent outcome than the earlier answer; otherwise `before`. */
  kept: 'before' | 'told';
}

/** The facts a message may record, and the earlier answers it contradicted. */
export interface ReconciledFacts {
  facts: Facts;
  changes: PassingChange[];
}

/**
 * Decides which facts of a typed message to record. A fact for a pending slot (the question just
 * asked), or for a slot not yet answered, is recorded. A different value for a slot answered earlier
 * replaces it only when it makes the outcome more urgent (the safer reading); otherwise the earlier
 * answer is kept. Either way the change is returned, so the user is told: nothing is lowered
 * silently (triage-policy: "the highest level that any rule reaches wins"). Pure.
 */
export function reconcilePassingFacts(dialog: Dialog, known: Facts, told: Facts, pending: readonly SlotName[]): ReconciledFacts {
  const facts: Record<string, unknown> = {};
  const changes: PassingChange[] = [];
  for (const [slot, value] of Object.entries(told) as [SlotName, Facts[SlotName]][]) {
    const before = known[slot];
    if (value === undefined || before === value) continue;
    if (before === undefined || pending.includes(slot)) {
      facts[slot] = value;
      continue;
    }
    const safer = urgencyOf(dispositionOf(dialog, { ...known, [slot]: value })) > urgencyOf(dispositionOf(dialog, known));
    if (safer) facts[slot] = value;
    changes.push({ slot, before, told: value, kept: safer ? 'told' : 'before' });
  }
  return { facts: facts as Facts, changes };
}

import type { Dialog } from '../triage/dialog-schema';
import { isRedFlagSlot, type Facts, type SlotName } from '../triage/slots';

/** The facts one decision graph keeps from a record written under another, and the slots it left out. */
export interface CarriedFacts {
  facts: Facts;
  dropped: SlotName[];
}

/**
 * Carries facts over to `dialog` by slot name (the policy's contract between versions): a fact is kept
 * when a question of `dialog` fills its slot and, for a choice, still offers its value. A red flag's
 * answer is always kept (yes and "not sure" are never dropped: that would lower the advice). Pure.
 */
export function carryOverFacts(dialog: Dialog, facts: Facts): CarriedFacts {
  const kept: Record<string, unknown> = {};
  const dropped: SlotName[] = [];
  for (const [slot, value] of Object.entries(facts) as [SlotName, unknown][]) {
    if (value === undefined) continue;
    const question = dialog.questions.find((candidate) => candidate.slots.includes(slot));
    const offered = !question?.options || question.options.some((option) => option.value === value);
    if (isRedFlagSlot(slot) || (question && offered)) kept[slot] = value;
    else dropped.push(slot);
  }
  return { facts: kept as Facts, dropped };
}

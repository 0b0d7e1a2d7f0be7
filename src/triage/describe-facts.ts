import type { Dialog } from './dialog-schema';
import { SLOT_NAMES, type Facts } from './slots';

/** Plain words for each known fact, in the policy's slot order ("lower back", "2 days", "no fever"). */
export function describeFacts(dialog: Dialog, facts: Facts): string[] {
  const words: string[] = [];
  for (const slot of SLOT_NAMES) {
    const value = facts[slot];
    if (value === undefined) continue;
    if (slot === 'durationDays') {
      words.push(describeDuration(value as number));
      continue;
    }
    const label = dialog.factLabels[slot]?.[String(value)];
    words.push(label ?? `${slot}: ${String(value)}`);
  }
  return words;
}

/** "today", "1 day", "12 days" — the policy counts whole days since the pain started. */
export function describeDuration(days: number): string {
  if (days === 0) return 'started today';
  return days === 1 ? '1 day' : `${days} days`;
}

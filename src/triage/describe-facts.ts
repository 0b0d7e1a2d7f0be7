import type { Dialog } from './dialog-schema';
import { RED_FLAG_SLOTS, type Facts, type SlotName } from './slots';

// The pain first, in the order the questions ask it, then the red flags: "lower back, after a workout, 2 days, no fever".
const READING_ORDER: SlotName[] = [
  ...(['location', 'onset', 'durationDays', 'improving', 'character', 'radiation', 'worseWithCoughSitting'] as const),
  ...(['workoutTiming', 'bothSides', 'swellingOrBruising', 'pregnant', 'fattyMeals'] as const),
  ...RED_FLAG_SLOTS,
];

/** Plain words for each known fact, pain details first ("lower back", "2 days", "no fever"). */
export function describeFacts(dialog: Dialog, facts: Facts): string[] {
  const words: string[] = [];
  for (const slot of READING_ORDER) {
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

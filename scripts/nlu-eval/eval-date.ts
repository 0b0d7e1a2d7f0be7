/**
 * The writer's date every evaluation reads on, so that a weekday ("since the weekend", "on monday")
 * reads the same on every run: a Tuesday, the day the sets' weekday phrasings assume ("since the weekend" = 3 days).
 */
export const EVAL_DATE = '2026-12-01';

/** EVAL_DATE (or `day`) at noon, as the recognizer's clock. */
export function evalToday(day: string = EVAL_DATE): Date {
  return new Date(`${day}T12:00:00`);
}

/** EVAL_DATE (or `day`) as a client's local timestamp on an activity. */
export function evalLocalTimestamp(day: string = EVAL_DATE): string {
  return `${day}T10:00:00.000+00:00`;
}

import type { ActivityTimestamps } from 'botbuilder';

/**
 * The writer's own calendar date, from the local timestamp their client sent ("2026-12-04T09:30:00+10:00"
 * is the 4th wherever the server runs), as a Date at noon server time; undefined when the client sent none.
 */
export function writerDate(activity: Partial<ActivityTimestamps>): Date | undefined {
  const raw = activity.rawLocalTimestamp ?? (typeof activity.localTimestamp === 'string' ? activity.localTimestamp : undefined);
  const match = /^(\d{4})-(\d{2})-(\d{2})T/.exec(raw ?? '');
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12);
  return Number.isNaN(date.getTime()) || date.getDate() !== Number(match[3]) ? undefined : date;
}

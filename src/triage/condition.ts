import type { Condition } from './dialog-schema';
import type { Facts, SlotName } from './slots';

/** True when `condition` holds for `facts`. A condition on a slot with no value is false (except `known: false`). */
export function holds(condition: Condition, facts: Facts): boolean {
  if ('all' in condition) return condition.all.every((inner) => holds(inner, facts));
  if ('any' in condition) return condition.any.some((inner) => holds(inner, facts));
  if ('not' in condition) return !holds(condition.not, facts);
  const value = facts[condition.slot];
  if ('known' in condition) return (value !== undefined) === condition.known;
  if (value === undefined) return false;
  if ('equals' in condition) return value === condition.equals;
  if ('in' in condition) return condition.in.includes(value);
  if ('notIn' in condition) return !condition.notIn.includes(value);
  if (typeof value !== 'number') return false;
  if ('atLeast' in condition) return value >= condition.atLeast;
  return value <= condition.atMost;
}

/** Every slot a condition reads. */
export function slotsOf(condition: Condition): SlotName[] {
  if ('all' in condition) return condition.all.flatMap(slotsOf);
  if ('any' in condition) return condition.any.flatMap(slotsOf);
  if ('not' in condition) return slotsOf(condition.not);
  return [condition.slot];
}

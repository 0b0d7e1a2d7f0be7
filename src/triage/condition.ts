import type { Condition } from './dialog-schema';
import type { Facts, SlotName } from './slots';

type Predicate = (facts: Facts) => boolean;

// The policy's conditions are evaluated many times per turn (every rule, every question's askWhen); each
// is turned once into a function, so a turn does not re-inspect the condition's shape every time.
const predicates = new WeakMap<Condition, Predicate>();

/** True when `condition` holds for `facts`. A condition on a slot with no value is false (except `known: false`). */
export function holds(condition: Condition, facts: Facts): boolean {
  let predicate = predicates.get(condition);
  if (!predicate) {
    predicate = toPredicate(condition);
    predicates.set(condition, predicate);
  }
  return predicate(facts);
}

function toPredicate(condition: Condition): Predicate {
  if ('all' in condition) {
    const inner = condition.all.map(toPredicate);
    return (facts) => inner.every((predicate) => predicate(facts));
  }
  if ('any' in condition) {
    const inner = condition.any.map(toPredicate);
    return (facts) => inner.some((predicate) => predicate(facts));
  }
  if ('not' in condition) {
    const inner = toPredicate(condition.not);
    return (facts) => !inner(facts);
  }
  const { slot } = condition;
  if ('known' in condition) {
    const { known } = condition;
    return (facts) => (facts[slot] !== undefined) === known;
  }
  if ('equals' in condition) {
    const { equals } = condition;
    return (facts) => facts[slot] === equals;
  }
  if ('in' in condition) {
    const values: readonly unknown[] = condition.in;
    return (facts) => facts[slot] !== undefined && values.includes(facts[slot]);
  }
  if ('notIn' in condition) {
    const values: readonly unknown[] = condition.notIn;
    return (facts) => facts[slot] !== undefined && !values.includes(facts[slot]);
  }
  if ('atLeast' in condition) {
    const { atLeast } = condition;
    return (facts) => typeof facts[slot] === 'number' && (facts[slot] as number) >= atLeast;
  }
  const { atMost } = condition;
  return (facts) => typeof facts[slot] === 'number' && (facts[slot] as number) <= atMost;
}

/** Every slot a condition reads. */
export function slotsOf(condition: Condition): SlotName[] {
  if ('all' in condition) return condition.all.flatMap(slotsOf);
  if ('any' in condition) return condition.any.flatMap(slotsOf);
  if ('not' in condition) return slotsOf(condition.not);
  return [condition.slot];
}

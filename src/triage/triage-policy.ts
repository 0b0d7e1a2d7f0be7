import { holds } from './condition';
import { DISPOSITIONS, type Dialog, type Disposition, type Rule } from './dialog-schema';
import { RED_FLAG_SLOTS, type Facts, type RedFlagSlot } from './slots';

/** How urgent a disposition is: 0 for self_care up to 4 for emergency_ambulance. */
export function urgencyOf(disposition: Disposition): number {
  return DISPOSITIONS.indexOf(disposition);
}

/** The more urgent of two dispositions. */
export function moreUrgent(a: Disposition, b: Disposition): Disposition {
  return urgencyOf(a) >= urgencyOf(b) ? a : b;
}

/** The policy's verdict on a set of facts. */
export interface PolicyVerdict {
  /** The highest disposition any rule reaches (the policy: "the highest level that any rule reaches wins"). */
  disposition: Disposition;
  /** The rules that hold, most urgent first. */
  firedRules: Rule[];
  /** The red-flag slots answered yes. */
  redFlags: RedFlagSlot[];
}

/** Applies every rule of the dialog to `facts`. Pure. */
export function evaluatePolicy(dialog: Dialog, facts: Facts): PolicyVerdict {
  const firedRules = dialog.rules
    .filter((rule) => holds(rule.when, facts))
    .sort((a, b) => urgencyOf(b.disposition) - urgencyOf(a.disposition));
  const disposition = firedRules.reduce<Disposition>((level, rule) => moreUrgent(level, rule.disposition), dialog.defaultDisposition);
  const redFlags = RED_FLAG_SLOTS.filter((slot) => facts[slot] === true);
  return { disposition, firedRules, redFlags };
}

/** The disposition alone of `evaluatePolicy(dialog, facts)` (the skip rules read it after every answer). Pure. */
export function dispositionOf(dialog: Dialog, facts: Facts): Disposition {
  let disposition = dialog.defaultDisposition;
  for (const rule of dialog.rules) {
    if (urgencyOf(rule.disposition) > urgencyOf(disposition) && holds(rule.when, facts)) disposition = rule.disposition;
  }
  return disposition;
}

/** True for the two emergency dispositions, which stop the questions at once. */
export function isEmergency(disposition: Disposition): boolean {
  return urgencyOf(disposition) >= urgencyOf('emergency');
}

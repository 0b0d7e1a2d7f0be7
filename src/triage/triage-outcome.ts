import { holds } from './condition';
import type { AdviceBlock, Dialog, Disposition } from './dialog-schema';
import { evaluatePolicy } from './triage-policy';
import type { Facts, RedFlagSlot } from './slots';

/** A reason for the outcome, with the policy's sources for it. */
export interface OutcomeReason {
  text: string;
  sources: string[];
}

/** The result of a triage: the contract's outcome fields plus the advice to show. */
export interface TriageOutcome {
  disposition: Disposition;
  redFlags: RedFlagSlot[];
  facts: Facts;
  reasons: OutcomeReason[];
  /** The advice blocks that apply to this disposition and these facts, in the dialog's order. */
  advice: AdviceBlock[];
}

/** Builds the outcome for `facts` from the dialog's rules and advice. Pure. */
export function buildOutcome(dialog: Dialog, facts: Facts): TriageOutcome {
  const verdict = evaluatePolicy(dialog, facts);
  const reasons = verdict.firedRules
    .filter((rule) => rule.disposition !== dialog.defaultDisposition || verdict.disposition === dialog.defaultDisposition)
    .map((rule) => ({ text: rule.reason, sources: rule.sources }));
  if (reasons.length === 0) reasons.push({ text: dialog.defaultReason, sources: ['triage-policy'] });
  const advice = dialog.advice.filter(
    (block) => block.dispositions.includes(verdict.disposition) && (!block.when || holds(block.when, facts)),
  );
  return { disposition: verdict.disposition, redFlags: verdict.redFlags, facts, reasons, advice };
}

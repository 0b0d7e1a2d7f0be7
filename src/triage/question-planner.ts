import { holds, slotsOf } from './condition';
import type { ChecklistItem, Dialog, Question } from './dialog-schema';
import { evaluatePolicy, isEmergency, urgencyOf } from './triage-policy';
import type { Facts, RedFlagSlot, SlotName } from './slots';

/** What the triage does next: ask a question, ask one red flag directly, or conclude. */
export type NextStep =
  | { kind: 'ask'; question: Question; pendingSlots: SlotName[] }
  | { kind: 'clarify'; slot: RedFlagSlot; item: ChecklistItem }
  | { kind: 'conclude' };

/**
 * Decides which question comes next from the facts alone. A question is asked when its `askWhen`
 * holds, one of its slots is still unknown, and its answer could still change the outcome: its
 * slots can reach a disposition above the one already reached, or it shapes the self-care plan
 * while the outcome still includes that plan.
 */
export class QuestionPlanner {
  private readonly maxUrgencyByQuestion = new Map<string, number>();
  private readonly itemBySlot = new Map<SlotName, ChecklistItem>();

  constructor(private readonly dialog: Dialog) {
    for (const question of dialog.questions) {
      const reachable = dialog.rules
        .filter((rule) => slotsOf(rule.when).some((slot) => question.slots.includes(slot)))
        .map((rule) => urgencyOf(rule.disposition));
      this.maxUrgencyByQuestion.set(question.id, Math.max(urgencyOf(dialog.defaultDisposition), ...reachable));
      for (const item of question.items ?? []) this.itemBySlot.set(item.slot, item);
    }
  }

  /** The question's slots that have no value yet. */
  pendingSlots(question: Question, facts: Facts): SlotName[] {
    return question.slots.filter((slot) => facts[slot] === undefined);
  }

  /** True when `question` would be asked now, given `facts`. */
  shouldAsk(question: Question, facts: Facts): boolean {
    if (this.pendingSlots(question, facts).length === 0) return false;
    if (question.askWhen && !holds(question.askWhen, facts)) return false;
    const reached = urgencyOf(evaluatePolicy(this.dialog, facts).disposition);
    if (this.maxUrgencyByQuestion.get(question.id)! > reached) return true;
    return question.shapesPlan && reached < urgencyOf('consultation_24');
  }

  /** The next step for `facts`, with `clarify` the red flags still to ask directly. Emergencies conclude at once. */
  next(facts: Facts, clarify: readonly RedFlagSlot[] = []): NextStep {
    const { disposition } = evaluatePolicy(this.dialog, facts);
    if (isEmergency(disposition)) return { kind: 'conclude' };
    const reached = urgencyOf(disposition);
    const slot = clarify.find(
      (candidate) => facts[candidate] === undefined && this.maxUrgencyByQuestion.get(this.questionOf(candidate)?.id ?? '')! > reached,
    );
    if (slot) return { kind: 'clarify', slot, item: this.itemBySlot.get(slot)! };
    const question = this.dialog.questions.find((candidate) => this.shouldAsk(candidate, facts));
    return question ? { kind: 'ask', question, pendingSlots: this.pendingSlots(question, facts) } : { kind: 'conclude' };
  }

  /** The question that owns `slot`. */
  questionOf(slot: SlotName): Question | undefined {
    return this.dialog.questions.find((question) => question.slots.includes(slot));
  }
}

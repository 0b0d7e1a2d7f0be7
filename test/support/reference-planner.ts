import { holds, slotsOf } from '../../src/triage/condition';
import type { ChecklistItem, Dialog, Disposition, Question } from '../../src/triage/dialog-schema';
import { dispositionOf, isEmergency, urgencyOf } from '../../src/triage/triage-policy';
import type { Facts, RedFlagSlot, SlotName } from '../../src/triage/slots';

/** What the triage does next: give an urgent outcome at once, ask a question, ask one red flag directly, or conclude. */
export type NextStep =
  | { kind: 'announce'; disposition: Disposition }
  | { kind: 'ask'; question: Question; pendingSlots: SlotName[] }
  | { kind: 'clarify'; slot: RedFlagSlot; item: ChecklistItem }
  | { kind: 'conclude' };

/**
 * The question planner the statechart replaced (issue 15), kept as the reference model: the property
 * test drives the machine through random turns and checks every step against this planner.
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

  /** True when `question` would be asked now, given `facts` and the urgency they already reach. */
  private shouldAsk(question: Question, facts: Facts, reached: number): boolean {
    if (this.pendingSlots(question, facts).length === 0) return false;
    if (question.askWhen && !holds(question.askWhen, facts)) return false;
    if (this.maxUrgencyByQuestion.get(question.id)! > reached) return true;
    return question.shapesPlan && reached < urgencyOf('consultation_24');
  }

  /**
   * The next step for `facts`, with `clarify` the red flags still to ask directly and `announced`
   * the most urgent outcome already given. Emergencies conclude at once; an outcome of
   * consultation_24 is given at once too (red flags are escalated on the turn they are told), and
   * then only the questions that could still raise it are asked.
   */
  next(facts: Facts, clarify: readonly RedFlagSlot[] = [], announced?: Disposition): NextStep {
    const disposition = dispositionOf(this.dialog, facts);
    if (isEmergency(disposition)) return { kind: 'conclude' };
    const reached = urgencyOf(disposition);
    const slot = clarify.find(
      (candidate) => facts[candidate] === undefined && this.maxUrgencyByQuestion.get(this.questionOf(candidate)?.id ?? '')! > reached,
    );
    const question = this.dialog.questions.find((candidate) => this.shouldAsk(candidate, facts, reached));
    if (!slot && !question) return { kind: 'conclude' };
    if (reached >= urgencyOf('consultation_24') && reached > urgencyOf(announced ?? this.dialog.defaultDisposition)) {
      return { kind: 'announce', disposition };
    }
    if (slot) return { kind: 'clarify', slot, item: this.itemBySlot.get(slot)! };
    return { kind: 'ask', question: question!, pendingSlots: this.pendingSlots(question!, facts) };
  }

  /** The question that owns `slot`. */
  questionOf(slot: SlotName): Question | undefined {
    return this.dialog.questions.find((question) => question.slots.includes(slot));
  }
}

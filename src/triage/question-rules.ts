import { holds, slotsOf } from './condition';
import type { ChecklistItem, Dialog, Disposition, Question } from './dialog-schema';
import { dispositionOf, isEmergency, urgencyOf } from './triage-policy';
import type { Facts, RedFlagSlot, SlotName } from './slots';

/**
 * The skip rules of the triage, as the statechart's guards read them: when a question is already told,
 * when it is asked at all, and when no answer to it could change the outcome. Built from the dialog;
 * every rule is a pure function of the facts and calls the policy for the outcome reached so far.
 */
export class QuestionRules {
  private readonly highestReachable = new Map<string, number>();
  private readonly itemBySlot = new Map<SlotName, ChecklistItem>();
  private readonly questionBySlot = new Map<SlotName, Question>();

  constructor(private readonly dialog: Dialog) {
    for (const question of dialog.questions) {
      const reachable = dialog.rules
        .filter((rule) => slotsOf(rule.when).some((slot) => question.slots.includes(slot)))
        .map((rule) => urgencyOf(rule.disposition));
      this.highestReachable.set(question.id, Math.max(urgencyOf(dialog.defaultDisposition), ...reachable));
      for (const item of question.items ?? []) this.itemBySlot.set(item.slot, item);
      for (const slot of question.slots) this.questionBySlot.set(slot, question);
    }
  }

  /** The disposition the facts reach so far (the policy's "highest level wins"). */
  outcomeSoFar(facts: Facts): Disposition {
    return dispositionOf(this.dialog, facts);
  }

  /** An emergency answer ends the questions at once. */
  emergencyReached(facts: Facts): boolean {
    return isEmergency(this.outcomeSoFar(facts));
  }

  /**
   * Within 24 hours (or more) is reached and not yet told: it is given at once, before the questions
   * that could still raise it, since red flags are escalated on the turn they are told.
   */
  urgentOutcomeNotYetGiven(facts: Facts, announced: Disposition | undefined): boolean {
    const reached = urgencyOf(this.outcomeSoFar(facts));
    return reached >= urgencyOf('consultation_24') && reached > urgencyOf(announced ?? this.dialog.defaultDisposition);
  }

  /** The question's slots that have no value yet. */
  pendingSlots(question: Question, facts: Facts): SlotName[] {
    return question.slots.filter((slot) => facts[slot] === undefined);
  }

  /** "Already told": every slot of the question has a value (from a card or from free text). */
  alreadyTold(question: Question, facts: Facts): boolean {
    return question.slots.every((slot) => facts[slot] !== undefined);
  }

  /** "Asked only when …": the question's `askWhen` does not hold for the facts. */
  notAskedNow(question: Question, facts: Facts): boolean {
    return question.askWhen !== undefined && !holds(question.askWhen, facts);
  }

  /**
   * "Cannot change the outcome": none of its answers reaches a disposition above the one already
   * reached, and it does not shape a self-care plan that the outcome still includes.
   */
  cannotChangeOutcome(question: Question, facts: Facts): boolean {
    const reached = urgencyOf(this.outcomeSoFar(facts));
    if (this.highestReachable.get(question.id)! > reached) return false;
    return !(question.shapesPlan && reached < urgencyOf('consultation_24'));
  }

  /** True when the question is asked now: not told, asked for these facts, and able to change the outcome. */
  needsAsking(question: Question, facts: Facts): boolean {
    return !this.alreadyTold(question, facts) && !this.notAskedNow(question, facts) && !this.cannotChangeOutcome(question, facts);
  }

  /** The first red flag told unclearly that is still unknown and could raise the outcome: it is asked on its own. */
  redFlagToClarify(facts: Facts, clarify: readonly RedFlagSlot[]): { slot: RedFlagSlot; item: ChecklistItem } | undefined {
    const reached = urgencyOf(this.outcomeSoFar(facts));
    const slot = clarify.find((candidate) => {
      const question = this.questionBySlot.get(candidate);
      return facts[candidate] === undefined && question !== undefined && this.highestReachable.get(question.id)! > reached;
    });
    return slot ? { slot, item: this.itemBySlot.get(slot)! } : undefined;
  }

  /** The questions end when no red flag is left to clarify and no question could change the outcome. */
  nothingLeftToAsk(facts: Facts, clarify: readonly RedFlagSlot[]): boolean {
    return !this.redFlagToClarify(facts, clarify) && !this.dialog.questions.some((question) => this.needsAsking(question, facts));
  }
}

import { ContentError } from '../content/content-error';
import type { KnowledgeBase, KnowledgeEntry } from '../knowledge';
import type { Recognizer, Understanding } from '../nlu/understanding';
import type { Dialog, Disposition, Question } from '../triage/dialog-schema';
import { describeFacts } from '../triage/describe-facts';
import { reconcilePassingFacts } from '../triage/passing-facts';
import { isRedFlagSlot, parseSlotValues, type Facts, type SlotName } from '../triage/slots';
import type { TriageAction, TriageEngine, TriageState } from '../triage/triage-engine';
import type { TriageContext, TriageEvent } from '../triage/triage-machine';
import { buildOutcome, type TriageOutcome } from '../triage/triage-outcome';
import { isEmergency } from '../triage/triage-policy';
import type { FactCorrection } from '../escalation/escalation-alert';
import { carryOverFacts } from './carry-over-facts';
import { RECORD_VERSION, type ConversationRecord } from './conversation-record';
import type { Reply } from './reply';

/** What arrived from the user, already out of its channel's envelope. */
export type Incoming =
  /** The user joined (a conversationUpdate): start a triage if none is stored. */
  | { type: 'start' }
  /** A typed message or a button's text. */
  | { type: 'text'; text: string }
  /** A card submit: slot → value pairs, untrusted. */
  | { type: 'submit'; value: Record<string, unknown> };

/** One turn's input. */
export interface TurnInput {
  incoming: Incoming;
  locale?: string;
  now: Date;
  /** The writer's own date (from their local timestamp), which dates "since Tuesday"; the recognizer's clock when absent. */
  writerDate?: Date;
  /** Slots of facts the store left out of the stored record (no such slot or value, see `readStoredRecord`). */
  droppedFacts?: string[];
}

/** A stored triage carried over to this graph version (or past facts the store left out): for the log, by slot name only. */
export interface CarriedOver {
  fromGraph: string;
  toGraph: string;
  /** The slots of the facts left out: no such slot, or no such value, in this version. */
  droppedSlots: string[];
}

/** One turn's result: the record to store (`null`: delete it), what to say, and a newly reached outcome. */
export interface TurnResult {
  record: ConversationRecord | null;
  replies: Reply[];
  /** Set when this turn reached an outcome more urgent than, or different from, the last one shown. */
  concluded?: TriageOutcome;
  /** Set when the recognizer failed on the message (the user was asked the pending question again): log it. */
  recognizerFault?: unknown;
  /** Set when the stored triage was carried over from another graph version, or facts were left out: log it. */
  carriedOver?: CarriedOver;
  /** Set when the user, having confirmed it, changed an answer an emergency outcome rested on: the clinicians get a follow-up. */
  corrected?: CorrectionFollowUp;
}

/** What the clinicians are told when an answer behind an emergency alert was corrected. */
export interface CorrectionFollowUp {
  /** The disposition of the earlier alert. */
  follows: Disposition;
  changes: FactCorrection[];
  /** The outcome for the facts now (the triage may still go on). */
  outcome: TriageOutcome;
}

/** What the handler needs; each piece is built once at boot. */
export interface ConversationHandlerDeps {
  dialog: Dialog;
  engine: TriageEngine;
  recognizer: Recognizer;
  knowledge: KnowledgeBase;
  /** True when a clinician alert is configured for this disposition (the user is told the clinic was notified). */
  alertsFor: (disposition: Disposition) => boolean;
  maxMessageChars: number;
  /** Conversations idle longer than this start again. */
  conversationTtlMs: number;
}

const MAX_ASK_ME = 3;

/**
 * The conversation logic of one turn, with no channel and no I/O: from the stored record and the
 * user's input to the next record and the replies. Red flags win over everything else; a
 * knowledge question or an unclear answer never loses the triage's place.
 */
export class ConversationHandler {
  /** Throws a ContentError when the dialog links a knowledge entry that does not exist. */
  constructor(private readonly deps: ConversationHandlerDeps) {
    const links = [
      ...Object.entries(deps.dialog.dispositions).flatMap(([id, text]) => text.askMe.map((entry) => [`dispositions.${id}.askMe`, entry])),
      ...deps.dialog.advice.flatMap((block, index) => block.askMe.map((entry) => [`advice.${index}.askMe`, entry])),
    ];
    const missing = links.filter(([, entry]) => !deps.knowledge.get(entry)).map(([at, entry]) => `${at}: no knowledge entry "${entry}"`);
    if (missing.length > 0) throw new ContentError('dialogs/triage.json', missing);
  }

  /** Runs one turn. Never throws for any user input: a fault of the recognizer is returned in `recognizerFault`. */
  handle(stored: ConversationRecord | undefined, input: TurnInput): TurnResult {
    const faults: unknown[] = [];
    const fresh = this.usable(stored, input.now);
    const carried = fresh && this.needsCarryOver(fresh, input) ? this.carryOver(fresh, input) : undefined;
    const result = this.turn(carried?.record ?? fresh, input, faults);
    const withFault = faults.length > 0 ? { ...result, recognizerFault: faults[0] } : result;
    return carried ? { ...withFault, carriedOver: carried.carriedOver } : withFault;
  }

  private needsCarryOver(record: ConversationRecord, input: TurnInput): boolean {
    return record.graphVersion !== this.deps.dialog.version || !this.deps.engine.isValidState(record.triage) || (input.droppedFacts?.length ?? 0) > 0;
  }

  /**
   * A triage stored under another version of the graph goes on under this one: its facts are carried
   * over by slot name (only those whose slot or value no longer exists are dropped), the answer history
   * and the advice already given are kept, and the next step is planned under this graph.
   */
  private carryOver(stored: ConversationRecord, input: TurnInput): { record: ConversationRecord; carriedOver: CarriedOver } {
    const { dialog, engine } = this.deps;
    const { facts, dropped } = carryOverFacts(dialog, stored.triage.context.facts);
    const kept = (slot: SlotName) => facts[slot] !== undefined;
    const context: TriageContext = {
      facts,
      history: stored.triage.context.history.map((answer) => answer.filter(kept)).filter((answer) => answer.length > 0),
      clarify: stored.triage.context.clarify.filter((slot) => !kept(slot)),
      announced: stored.triage.context.announced,
    };
    // An empty answer at the first question routes to whatever this graph asks next for these facts.
    const routed = engine.step({ value: dialog.questions[0].id, context }, { type: 'user.answered', facts: {} }).state;
    const triage = { value: routed.value, context: { ...routed.context, announced: context.announced } };
    return {
      record: { ...stored, graphVersion: dialog.version, triage },
      carriedOver: { fromGraph: stored.graphVersion, toGraph: dialog.version, droppedSlots: [...(input.droppedFacts ?? []), ...dropped] },
    };
  }

  private turn(stored: ConversationRecord | undefined, input: TurnInput, faults: unknown[]): TurnResult {
    const { engine, dialog } = this.deps;
    const replies: Reply[] = [];
    let record = stored;
    if (!record) {
      replies.push({ kind: 'welcome' });
      const first = engine.start();
      record = this.newRecord(first.state, input);
      if (input.incoming.type === 'start') return this.finish(record, first.actions, replies, input);
    } else if (input.incoming.type === 'start') {
      return { record: stored ?? null, replies: [] };
    }
    record = { ...record, locale: input.locale ?? record.locale };
    const fresh = replies.some((reply) => reply.kind === 'welcome');
    // The last turn's replies, advice included, may never have reached the user (a failed send, a crash).
    if (record.outcomeUnsent && record.lastDisposition) replies.push(this.outcomeReply(buildOutcome(dialog, record.triage.context.facts)));

    const text = input.incoming.type === 'text' ? input.incoming.text : '';
    const asked = record.correction?.stage === 'asked' ? record.correction : undefined;
    if (asked) {
      record = { ...record, correction: undefined };
      if (this.confirmsCorrection(text)) {
        // Confirmed: the answer is taken back and asked again; the clinicians hear about the new one.
        replies.push({ kind: 'notice', text: fill(dialog.messages.correctionConfirmed, { headline: dialog.dispositions[asked.disposition].headline }) });
        const step = engine.step(record.triage, { type: 'user.wentBack' });
        return this.finish({ ...record, triage: step.state, correction: { ...asked, stage: 'confirmed' } }, step.actions, replies, input);
      }
    }

    const emergencyStands = this.emergencyStands(record);
    const event =
      input.incoming.type === 'submit'
        ? this.readSubmit(input.incoming.value, record, replies)
        : this.readText(text, record, replies, fresh, faults, emergencyStands, input.writerDate);
    if (emergencyStands && event !== 'forget' && event !== 'why' && event.type === 'user.wentBack') {
      return this.askToConfirmCorrection(record, replies, input);
    }
    if (asked) replies.push({ kind: 'notice', text: fill(dialog.messages.correctionKept, { headline: dialog.dispositions[asked.disposition].headline }) });
    if (event === 'forget') return { record: null, replies: [{ kind: 'notice', text: dialog.messages.forgotten }] };
    if (event === 'why') {
      this.explain(record, replies);
      return this.finish(record, engine.step(record.triage, { type: 'user.gaveNoAnswer' }).actions, replies, input);
    }
    if (event.type === 'user.wentBack' && record.triage.context.history.length === 0) {
      replies.push({ kind: 'notice', text: dialog.messages.noEarlierAnswer });
      return this.finish(record, engine.step(record.triage, { type: 'user.gaveNoAnswer' }).actions, replies, input);
    }
    if (event.type === 'user.restarted') record = { ...record, lastDisposition: undefined, correction: undefined };
    const step = engine.step(record.triage, event);
    const questionsEnded = !engine.isConcluded(record.triage) && engine.isConcluded(step.state);
    return this.finish({ ...record, triage: step.state }, step.actions, replies, input, questionsEnded);
  }

  /** True while the emergency advice was given and the questions have ended: "back" then asks for a confirmation first. */
  private emergencyStands(record: ConversationRecord): boolean {
    return !!record.lastDisposition && isEmergency(record.lastDisposition) && this.deps.engine.isConcluded(record.triage) && record.triage.context.history.length > 0;
  }

  /** True when `text` is one of the dialog's explicit confirmations that an answer was wrong. */
  private confirmsCorrection(text: string): boolean {
    const words = (phrase: string) => phrase.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
    const said = words(text);
    return said !== '' && this.deps.dialog.correctionConfirmations.some((phrase) => words(phrase) === said);
  }

  /** "back" after an emergency outcome: the advice stands, and the user is asked to confirm that the last answer was wrong. */
  private askToConfirmCorrection(record: ConversationRecord, replies: Reply[], input: TurnInput): TurnResult {
    const { dialog } = this.deps;
    const slots = record.triage.context.history.at(-1)!;
    const facts = record.triage.context.facts;
    const before = Object.fromEntries(slots.map((slot) => [slot, facts[slot]])) as Facts;
    const disposition = record.lastDisposition!;
    const text = fill(dialog.messages.correctionAsk, {
      headline: dialog.dispositions[disposition].headline,
      facts: describeFacts(dialog, before).join(', '),
    });
    replies.push({ kind: 'notice', text });
    return this.finish({ ...record, correction: { stage: 'asked', slots, before, disposition } }, [], replies, input);
  }

  /** The stored record unless it has been idle longer than the TTL. */
  private usable(stored: ConversationRecord | undefined, now: Date): ConversationRecord | undefined {
    if (!stored) return undefined;
    if (now.getTime() - Date.parse(stored.updatedAt) > this.deps.conversationTtlMs) return undefined;
    return stored;
  }

  private newRecord(triage: TriageState, input: TurnInput): ConversationRecord {
    return {
      recordVersion: RECORD_VERSION,
      graphVersion: this.deps.dialog.version,
      triage,
      locale: input.locale,
      updatedAt: input.now.toISOString(),
    };
  }

  private readSubmit(value: Record<string, unknown>, record: ConversationRecord, replies: Reply[]): TriageEvent {
    const parsed = parseSlotValues(value);
    const unusable = [...parsed.unknownSlots, ...parsed.invalidSlots];
    if (unusable.length > 0) {
      replies.push({ kind: 'notice', text: fill(this.deps.dialog.messages.unusableFields, { fields: unusable.slice(0, 5).join(', ') }) });
    }
    if (Object.keys(parsed.facts).length === 0) return { type: 'user.misunderstood' };
    return { type: 'user.answered', facts: this.reconcile(parsed.facts, record, replies) };
  }

  /**
   * The facts to record from an answer: values for slots answered earlier (an old card, a fact told in
   * passing) replace them only when they make the advice more urgent, and the user is told either way.
   */
  private reconcile(told: Facts, record: ConversationRecord, replies: Reply[]): Facts {
    const { dialog, engine } = this.deps;
    const known = record.triage.context.facts;
    const pending = (engine.pendingQuestion(record.triage)?.slots ?? []).filter((slot) => known[slot] === undefined);
    const { facts, changes } = reconcilePassingFacts(dialog, known, told, pending);
    for (const change of changes) {
      const words = (value: unknown) => describeFacts(dialog, { [change.slot]: value } as Facts).join(', ');
      const template = change.kept === 'told' ? dialog.messages.changedSafer : dialog.messages.keptEarlier;
      replies.push({ kind: 'notice', text: fill(template, { before: words(change.before), told: words(change.told) }) });
    }
    return facts;
  }

  private readText(text: string, record: ConversationRecord, replies: Reply[], fresh: boolean, faults: unknown[], emergencyStands: boolean, today: Date | undefined): TriageEvent | 'forget' | 'why' {
    const { dialog, engine } = this.deps;
    const trimmed = text.trim();
    if (trimmed.length > this.deps.maxMessageChars) {
      replies.push({ kind: 'notice', text: dialog.messages.tooLong });
      return this.readRedFlagsOnly(trimmed, record, replies, faults);
    }
    if (trimmed === '') return fresh ? { type: 'user.gaveNoAnswer' } : { type: 'user.misunderstood' };
    const pending = engine.pendingQuestion(record.triage);
    const understood = this.understand(trimmed, pending, replies, faults, today);
    if (!understood) return { type: 'user.gaveNoAnswer' };
    switch (understood.command) {
      case 'restart':
        replies.push({ kind: 'notice', text: dialog.messages.restarted });
        return { type: 'user.restarted' };
      case 'help':
        replies.push({ kind: 'notice', text: dialog.messages.help });
        return { type: 'user.gaveNoAnswer' };
      case 'back':
        if (record.triage.context.history.length > 0 && !emergencyStands) replies.push({ kind: 'notice', text: dialog.messages.wentBack });
        return { type: 'user.wentBack' };
      case 'forgetMe':
        return 'forget';
      case 'why':
        return 'why';
      default:
        break;
    }
    const slots = Object.keys(understood.facts) as SlotName[];
    if (slots.length > 0 || understood.unclearRedFlags.length > 0) {
      const statesRedFlag = slots.some((slot) => isRedFlagSlot(slot) && understood.facts[slot] === true);
      const facts = this.reconcile(understood.facts, record, replies);
      if (Object.keys(facts).some((slot) => !pending?.slots.includes(slot as SlotName))) {
        const words = describeFacts(dialog, facts);
        if (words.length > 0) replies.push({ kind: 'notice', text: fill(dialog.messages.confirm, { facts: words.join(', ') }) });
      }
      if (understood.isQuestion && !statesRedFlag) this.answerQuestion(trimmed, replies, false, understood.asked);
      return { type: 'user.answered', facts, unclear: understood.unclearRedFlags };
    }
    if (this.answerQuestion(trimmed, replies, understood.isQuestion, understood.asked)) return { type: 'user.gaveNoAnswer' };
    return fresh ? { type: 'user.gaveNoAnswer' } : { type: 'user.misunderstood' };
  }

  /** The recognizer's reading, or, when it fails, undefined with an apology (and the emergency number) said and the fault kept. */
  private understand(text: string, pending: Question | undefined, replies: Reply[], faults: unknown[], today?: Date): Understanding | undefined {
    try {
      return this.deps.recognizer.understand(text, pending, today);
    } catch (error) {
      faults.push(error);
      replies.push({ kind: 'notice', text: this.deps.dialog.messages.unreadable });
      return undefined;
    }
  }

  /** A message too long to answer is still read for red flags (the recognizer reads its first few thousand characters). */
  private readRedFlagsOnly(text: string, record: ConversationRecord, replies: Reply[], faults: unknown[]): TriageEvent {
    const understood = this.understand(text, undefined, replies, faults);
    if (!understood) return { type: 'user.gaveNoAnswer' };
    const flags = Object.fromEntries(
      Object.entries(understood.facts).filter(([slot, value]) => isRedFlagSlot(slot as SlotName) && value !== false),
    ) as Facts;
    if (Object.keys(flags).length === 0 && understood.unclearRedFlags.length === 0) return { type: 'user.gaveNoAnswer' };
    return { type: 'user.answered', facts: this.reconcile(flags, record, replies), unclear: understood.unclearRedFlags };
  }

  /**
   * Answers from the knowledge base: from the whole message when it answers clearly, else from the words
   * that ask ("…, is it still acute"); returns true when it said something (an answer, suggestions or the off-topic line).
   */
  private answerQuestion(text: string, replies: Reply[], isQuestion: boolean, asked?: string): boolean {
    const whole = this.deps.knowledge.search(text);
    const fromAsked = whole.kind !== 'answer' && asked ? this.deps.knowledge.search(asked) : undefined;
    const match = fromAsked?.kind === 'answer' ? fromAsked : whole;
    if (match.kind === 'answer') {
      replies.push({ kind: 'knowledgeAnswer', entry: match.entry });
      if (match.also) replies.push({ kind: 'knowledgeAnswer', entry: match.also });
      return true;
    }
    if (match.kind === 'suggest' && isQuestion) {
      replies.push({ kind: 'knowledgeSuggestions', entries: match.entries });
      return true;
    }
    if (isQuestion) {
      replies.push({ kind: 'notice', text: this.deps.dialog.messages.offTopic });
      return true;
    }
    return false;
  }

  private explain(record: ConversationRecord, replies: Reply[]): void {
    const { dialog, engine } = this.deps;
    if (engine.isConcluded(record.triage)) {
      replies.push({ kind: 'why', outcome: buildOutcome(dialog, record.triage.context.facts) });
      return;
    }
    const words = describeFacts(dialog, record.triage.context.facts);
    const soFar = words.length > 0 ? ` ${fill(dialog.messages.soFar, { facts: words.join(', ') })}` : '';
    replies.push({ kind: 'notice', text: `${dialog.messages.notConcluded}${soFar}` });
  }

  /**
   * The replies for the triage's actions. An outcome already shown is "unchanged", except when
   * `questionsEnded` (this turn answered the last question): the contract's outcome, with every fact,
   * comes at the end of the questions too, also after an urgent outcome was given early (no new alert).
   */
  private finish(record: ConversationRecord, actions: TriageAction[], replies: Reply[], input: TurnInput, questionsEnded = false): TurnResult {
    const { dialog } = this.deps;
    let concluded: TriageOutcome | undefined;
    let lastDisposition = record.lastDisposition;
    for (const action of actions) {
      if (action.type === 'askQuestion') {
        replies.push({ kind: 'question', question: action.question, pendingSlots: action.pendingSlots, withHint: action.withHint });
        continue;
      }
      const outcome = buildOutcome(dialog, record.triage.context.facts);
      if (outcome.disposition === record.lastDisposition) {
        if (replies.some((reply) => reply.kind === 'outcome')) continue;
        if (questionsEnded) {
          replies.push(this.outcomeReply(outcome));
          continue;
        }
        const headline = dialog.dispositions[outcome.disposition].headline;
        replies.push({ kind: 'notice', text: fill(dialog.messages.unchanged, { headline }) });
        continue;
      }
      concluded = outcome;
      lastDisposition = outcome.disposition;
      replies.push(this.outcomeReply(outcome));
    }
    if (replies.length === 0) replies.push({ kind: 'notice', text: dialog.messages.afterOutcome });
    const outcomeUnsent = replies.some((reply) => reply.kind === 'outcome') || undefined;
    const { correction, corrected } = this.followUp(record);
    return { record: { ...record, lastDisposition, outcomeUnsent, correction, updatedAt: input.now.toISOString() }, replies, concluded, corrected };
  }

  /** A confirmed correction is settled once its answers are known again (or the questions ended): the changed ones go to the clinicians. */
  private followUp(record: ConversationRecord): { correction?: ConversationRecord['correction']; corrected?: CorrectionFollowUp } {
    const correction = record.correction;
    if (correction?.stage !== 'confirmed') return { correction };
    const facts = record.triage.context.facts;
    if (!correction.slots.every((slot) => facts[slot] !== undefined) && !this.deps.engine.isConcluded(record.triage)) return { correction };
    const changes = correction.slots
      .filter((slot) => facts[slot] !== correction.before[slot])
      .map((slot) => ({ slot, from: correction.before[slot], to: facts[slot] }));
    if (changes.length === 0) return {};
    return { corrected: { follows: correction.disposition, changes, outcome: buildOutcome(this.deps.dialog, facts) } };
  }

  private outcomeReply(outcome: TriageOutcome): Reply {
    return { kind: 'outcome', outcome, clinicNotified: this.deps.alertsFor(outcome.disposition), askMe: this.askMeFor(outcome) };
  }

  private askMeFor(outcome: TriageOutcome): KnowledgeEntry[] {
    const ids = [...this.deps.dialog.dispositions[outcome.disposition].askMe, ...outcome.advice.flatMap((block) => block.askMe)];
    const entries = [...new Set(ids)].map((id) => this.deps.knowledge.get(id)).filter((entry): entry is KnowledgeEntry => !!entry);
    return entries.slice(0, MAX_ASK_ME);
  }
}

/** Fills `{name}` placeholders in a message. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}

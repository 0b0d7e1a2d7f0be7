import type { Question } from '../triage/dialog-schema';
import { isRedFlagSlot, type Facts, type SlotName, type Tristate } from '../triage/slots';
import { ChecklistReader } from './checklist-reader';
import type { MessageContext } from './context-scanner';
import type { DurationParser } from './duration-parser';
import type { Lexicon } from './lexicon-schema';
import { longestNonOverlapping, PhraseMatcher } from './phrase-matcher';
import type { RedFlagReading } from './red-flag-detector';
import type { ReadText, TextReader } from './text-reader';

type YesNo = 'yes' | 'no' | 'unsure';

/** The pending question's answer read from a message, and how much of the message it accounts for. */
export interface PendingAnswer {
  facts: Facts;
  /** The message is little more than the answer (so it is not a question for the knowledge base). */
  wholeMessage: boolean;
  /** Checklist items the message points at by name: answered, even in vague words. */
  pointedAt?: SlotName[];
}

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** Words around an answer that add nothing ("the second one", "option 2", "um, lower back I think"). */
/** Reads the answer to the pending question: yes/no/not sure, an option, a duration, or a checklist answer. */
export class AnswerParser {
  private readonly yesNo: PhraseMatcher<YesNo>;
  private readonly checklists: ChecklistReader;
  /** One-word answers that also count at the end of a message. */
  private readonly bareAnswers: Set<string>;
  /** Words an option's answer may carry and still be the whole answer, as token norms. */
  private readonly filler: Set<string>;
  /** Words that turn a yes word before them into a no ("definitely no fever"). */
  private readonly denialsAfterYes: Set<string>;
  /** Built on first use per question (keyed by id and kind, so that copies of a question share one). */
  private readonly optionMatchers = new Map<string, PhraseMatcher<number>>();
  /** Quick-reply labels as typed words ("1–3 days" → "1 – 3 days"). */
  private readonly quickReplies = new Map<string, string>();

  constructor(
    private readonly reader: TextReader,
    lexicon: Lexicon,
    private readonly durations: DurationParser,
  ) {
    this.yesNo = new PhraseMatcher<YesNo>(reader, 0);
    for (const kind of ['yes', 'no', 'unsure'] as const) for (const phrase of lexicon.answers[kind]) this.yesNo.add(phrase, kind);
    this.checklists = new ChecklistReader(reader, lexicon);
    this.filler = new Set(lexicon.answers.filler);
    this.denialsAfterYes = new Set(lexicon.answers.denialsAfterYes);
    this.bareAnswers = new Set(lexicon.answers.bare.map((word) => wordsOf(reader.read(word))));
  }

  /** Builds the matchers of these questions now rather than on their first answer. */
  prepare(questions: Question[]): void {
    for (const question of questions) {
      if (question.kind === 'choice') this.optionMatcher(question);
      if (question.kind === 'checklist') this.checklists.prepare(question);
      for (const reply of question.quickReplies ?? []) this.quickReplyWords(reply.label);
    }
  }

  /** The answer to `pending` in this message; empty facts when it gives none. */
  parse(text: ReadText, context: MessageContext, pending: Question, redFlags: RedFlagReading[], today: Date): PendingAnswer {
    switch (pending.kind) {
      case 'yesNo':
        return this.parseYesNo(text, pending);
      case 'choice':
        return this.parseChoice(text, pending, context);
      case 'number':
        return this.parseNumber(text, pending, today);
      case 'checklist': {
        const { facts, pointedAt } = this.checklists.read(text, context, pending, redFlags);
        return { facts, wholeMessage: Object.keys(facts).length > 0, pointedAt };
      }
    }
  }

  private parseYesNo(text: ReadText, pending: Question): PendingAnswer {
    const said = this.yesNoAnswer(text, isRedFlagSlot(pending.slots[0]));
    if (!said) return { facts: {}, wholeMessage: false };
    const value: Tristate = said === 'yes' ? true : said === 'no' ? false : 'unsure';
    if (value === 'unsure' && !pending.allowUnsure) return { facts: {}, wholeMessage: true };
    return { facts: { [pending.slots[0]]: value } as Facts, wholeMessage: true };
  }

  /**
   * Yes, no or not sure, said first ("nope, peeing fine") or last ("shivery yes"). A yes word that a
   * denial follows is a no ("absolutely not", "definitely no fever"). A hedge anywhere turns a no, or no
   * answer, into not sure ("never had a scan so dunno"): the safer reading (triage-policy, "not sure").
   * Outside the red flags, a hedge that says more than the yes also wins ("it is … too early to tell");
   * for a red flag a yes stays yes, the more urgent reading.
   */
  private yesNoAnswer(text: ReadText, redFlag: boolean): YesNo | undefined {
    const words = wordIndices(text);
    if (words.length === 0) return undefined;
    const matches = longestNonOverlapping(this.yesNo.findAll(text.tokens));
    const first = matches.find((match) => match.start === words[0]);
    const last = matches.find((match) => match.end === words[words.length - 1]);
    const closing = last && (last.length > 1 || this.bareAnswers.has(text.tokens[last.start].norm)) ? last : undefined;
    const chosen = first ?? closing;
    const next = chosen && text.tokens[chosen.end + 1];
    const said = chosen?.value === 'yes' && next && this.denialsAfterYes.has(next.norm) ? 'no' : chosen?.value;
    const length = (match: { start: number; end: number }) => match.end - match.start + 1;
    const hedged = matches.some((match) => match.value === 'unsure' && (said !== 'yes' || (!redFlag && length(match) > length(chosen!))));
    if (hedged) return 'unsure';
    return said;
  }

  private parseChoice(text: ReadText, pending: Question, context: MessageContext): PendingAnswer {
    const options = pending.options ?? [];
    const words = wordIndices(text);
    const numbered = this.numberedChoice(text, words, options.length);
    const chosen = numbered ?? this.namedChoice(text, pending, context);
    if (!chosen) return { facts: {}, wholeMessage: false };
    const covered = new Set(chosen.covered);
    const rest = words.filter((index) => !covered.has(index) && !this.filler.has(text.tokens[index].norm));
    return { facts: { [pending.slots[0]]: options[chosen.option].value } as Facts, wholeMessage: rest.length <= 1 };
  }

  /** "2", "option 2", "the second one": the 1-based option number. */
  private numberedChoice(text: ReadText, words: number[], count: number): { option: number; covered: number[] } | undefined {
    if (words.length > 3) return undefined;
    for (const index of words) {
      const norm = text.tokens[index].norm;
      let option = text.tokens[index].isNumber ? Number(norm) - 1 : ORDINALS.indexOf(norm);
      if (option < 0 && words.length === 1) option = NUMBER_WORDS.indexOf(norm);
      if (Number.isInteger(option) && option >= 0 && option < count) return { option, covered: [index] };
    }
    return undefined;
  }

  /** An option's label, value or synonym; when two options match equally, none is chosen (decline to guess). */
  private namedChoice(text: ReadText, pending: Question, context: MessageContext): { option: number; covered: number[] } | undefined {
    const found = longestNonOverlapping(this.optionMatcher(pending).findAll(text.tokens));
    // "higher up, nowhere near my lower back": a denied option is not the one meant, when another is named.
    const affirmed = found.filter((match) => !context.of(match).negated);
    const matches = affirmed.length > 0 ? affirmed : found;
    if (matches.length === 0) return undefined;
    const best = Math.max(...matches.map((match) => match.matched.length));
    const top = new Set(matches.filter((match) => match.matched.length === best).map((match) => match.value));
    if (top.size !== 1) return undefined;
    const option = [...top][0];
    return { option, covered: matches.filter((match) => match.value === option).flatMap((match) => match.matched) };
  }

  private optionMatcher(pending: Question): PhraseMatcher<number> {
    const key = `${pending.id}:${pending.kind}`;
    let matcher = this.optionMatchers.get(key);
    if (!matcher) {
      matcher = new PhraseMatcher<number>(this.reader, 1);
      for (const [index, option] of (pending.options ?? []).entries()) {
        for (const phrase of [option.label, String(option.value).replace(/_/g, ' '), ...option.synonyms]) matcher.add(phrase, index);
      }
      this.optionMatchers.set(key, matcher);
    }
    return matcher;
  }

  private parseNumber(text: ReadText, pending: Question, today: Date): PendingAnswer {
    const slot = pending.slots[0];
    const typed = wordsOf(text);
    const quick = pending.quickReplies?.find((reply) => this.quickReplyWords(reply.label) === typed);
    if (quick) return { facts: { [slot]: quick.value } as Facts, wholeMessage: true };
    const duration = this.durations.sinceStart(text, this.durations.parse(text, today));
    if (duration) return { facts: { [slot]: duration.days } as Facts, wholeMessage: true };
    const words = wordIndices(text);
    const number = words.find((index) => text.tokens[index].isNumber);
    if (number !== undefined && words.length <= 3) {
      const days = Math.round(Number(text.tokens[number].norm));
      if (Number.isFinite(days) && days >= 0) return { facts: { [slot]: days } as Facts, wholeMessage: true };
    }
    return { facts: {}, wholeMessage: false };
  }

  private quickReplyWords(label: string): string {
    let words = this.quickReplies.get(label);
    if (words === undefined) {
      words = wordsOf(this.reader.read(label));
      this.quickReplies.set(label, words);
    }
    return words;
  }


}

function wordsOf(text: ReadText): string {
  return text.tokens
    .filter((token) => !token.isPunctuation)
    .map((token) => token.norm)
    .join(' ');
}

function wordIndices(text: ReadText): number[] {
  const indices: number[] = [];
  text.tokens.forEach((token, index) => {
    if (!token.isPunctuation) indices.push(index);
  });
  return indices;
}

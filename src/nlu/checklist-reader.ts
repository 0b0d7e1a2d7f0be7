import type { Question } from '../triage/dialog-schema';
import type { Facts, SlotName, Tristate } from '../triage/slots';
import type { MessageContext } from './context-scanner';
import type { Lexicon } from './lexicon-schema';
import { longestNonOverlapping, PhraseMatcher, type PhraseMatch } from './phrase-matcher';
import type { RedFlagReading } from './red-flag-detector';
import type { ReadText, Span, TextReader } from './text-reader';

type Cue = 'none' | 'all' | 'only' | 'unsure' | 'rest';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
const NUMBER_WORDS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
/** Words that may follow an item number in a list ("2 and 4", "2, 4 too"); anything else makes it a quantity ("2 days"). */
const AFTER_ITEM_NUMBER = new Set(['and', 'or', '&', ',', 'too', 'also', 'as', 'well', '.', '!', 'only', 'though', 'but', 'plus', 'maybe', 'one', 'ones']);
/** Words before "one" that make it a number ("1 and one", "number one"), not a pronoun ("the chest one", "not a one"). */
const BEFORE_NUMBER_ONE = new Set(['number', 'item', 'option', 'no.', 'and', '&', ',', 'or', 'to', 'just', 'only']);
/** Cue words that answer the whole list on their own, never a determiner ("none", "nope"), unlike "no" and "nothing" ("no fever"). */
const STANDALONE = new Set(['none', 'nope', 'nah', 'na', 'nada', 'zip', 'zero', 'negative', 'non', 'nun']);

/** Messages of this many words or fewer are answers, whatever their words. */
const SHORT_ANSWER_WORDS = 4;
/** Items are named by number only in a reply this short ("2 and 4, the rest no"); in a story a number is a quantity ("my wee one's 2"). */
const NUMBERED_ANSWER_WORDS = 15;
/** "2 im unsure": the writer's own words between an item's number and a hedge. */
const SELF = new Set(['i', 'im', "i'm"]);
/** Words after an item's word that point at the item ("the chest one", "the bones thing"). */
const POINTERS = new Set(['one', 'ones', 'thing', 'things', 'item', 'problem', 'bit']);

/** A checklist answer: the values read, and the items pointed at by name. */
export interface ChecklistAnswer {
  facts: Facts;
  pointedAt: SlotName[];
}

/** One item named in the answer and the words around it that say how. */
interface ItemMention extends Span {
  slot: SlotName;
  /** Named by its number ("2 and 4"), which only an answer does. */
  byNumber?: boolean;
}

/**
 * Reads a typed answer to a checklist ("none of these", "just the chest one", "2 and 4", "not sure about
 * the bladder one, no to the rest"). Each item named takes its value from its own segment of the message
 * (a comma, "but" or "except" ends one): not sure, no, or yes; the items not named are "no" when the
 * message says so ("none", "only", "the rest no"). Red flags the message states are kept, the safer
 * reading winning.
 */
export class ChecklistReader {
  private readonly cues: PhraseMatcher<Cue>;
  /** Fixed expressions whose words are no item's ("a wee bit", "chest of drawers"). */
  private readonly lookAlikes: PhraseMatcher<true>;
  /** Built on first use per checklist. */
  private readonly itemMatchers = new Map<string, PhraseMatcher<number>>();

  constructor(
    private readonly reader: TextReader,
    lexicon: Lexicon,
  ) {
    this.cues = new PhraseMatcher<Cue>(reader, 0);
    for (const kind of ['none', 'all', 'only', 'unsure', 'rest'] as const) for (const phrase of lexicon.checklist[kind]) this.cues.add(phrase, kind);
    this.lookAlikes = new PhraseMatcher<true>(reader, 0);
    lexicon.lookAlikes.forEach((phrase) => this.lookAlikes.add(phrase, true));
  }

  /** Builds the item matcher of a checklist now rather than on its first answer. */
  prepare(question: Question): void {
    this.itemMatcher(question);
  }

  /**
   * The list's values this message gives (empty when it names no item and answers nothing as a whole), and
   * the items it points at ("just the toilet one", "only the bladder"): those are answers, not vague mentions.
   */
  read(text: ReadText, context: MessageContext, pending: Question, redFlags: RedFlagReading[]): ChecklistAnswer {
    const slots = (pending.items ?? []).map((item) => item.slot) as SlotName[];
    const values = new Map<SlotName, Tristate>();
    const set = (slot: SlotName, value: Tristate) => {
      const current = values.get(slot);
      // The safer reading wins: present over not sure over absent.
      if (current === undefined || current === false || (current === 'unsure' && value === true)) values.set(slot, value);
    };
    const stated = redFlags.filter((flag) => slots.includes(flag.slot) && flag.value !== 'unclear');
    for (const flag of stated) set(flag.slot, flag.value as Tristate);

    const cues = longestNonOverlapping(this.cues.findAll(text.tokens));
    const words = text.tokens.map((token, index) => ({ token, index })).filter(({ token }) => !token.isPunctuation);
    const found = this.mentions(text, context, pending, slots, redFlags, cues).filter((mention) => !mention.byNumber || words.length <= NUMBERED_ANSWER_WORDS);
    // A story told at the checklist is read for its red flags alone; item words count in an answer-shaped
    // message: short, with a cue ("none", "just", "the rest no") or pointing at an item ("the chest one").
    const segments = this.segments(text, context);
    const segmentOf = (index: number) => segments.findIndex((segment) => segment.start <= index && index <= segment.end);
    // "number 1 only", "the chest one only": the cue closes the item's segment.
    const precededByItem = (cue: PhraseMatch<Cue>) =>
      [...found, ...stated].some((mention) => mention.end < cue.start && segmentOf(mention.start) === segmentOf(cue.start)) &&
      (text.tokens[cue.end + 1] === undefined || text.tokens[cue.end + 1].isPunctuation);
    const followedByItem = (cue: PhraseMatch<Cue>) => [...found, ...stated].some((mention) => mention.start > cue.end && segmentOf(mention.start) === segmentOf(cue.end));
    const pointing = (cue: PhraseMatch<Cue>) => {
      switch (cue.value) {
        case 'none':
          return this.answersWholeList(text, cue);
        case 'all':
          return cue.start === words[0]?.index;
        case 'rest':
          return true;
        default:
          return followedByItem(cue) || (cue.value === 'only' && precededByItem(cue));
      }
    };
    const answerShaped =
      !context.isKnowledgeQuestion() &&
      (words.length <= SHORT_ANSWER_WORDS || cues.some(pointing) || found.some((mention) => mention.byNumber || POINTERS.has(text.tokens[mention.end + 1]?.norm ?? '')));
    const mentions = answerShaped ? found : [];
    for (const mention of mentions) {
      const segment = segmentOf(mention.start);
      // A negation inside the words that point at an item describes it ("only the can't get comfy one"): it is not a no.
      const described = this.isPointedAt(text, mention, segments[segment], cues) ? this.pointingWords(text, mention, segments[segment], cues) : undefined;
      // "Both legs? No, just the right": an item asked and answered by the writer.
      const sentence = text.sentences.find((candidate) => candidate.start <= mention.start && mention.start <= candidate.end);
      const answeredNo = sentence?.endsWithQuestionMark && cues.some((cue) => cue.value === 'none' && cue.start === sentence.end + 1);
      set(mention.slot, answeredNo ? false : this.valueIn(segments, segment, mentions, context, cues, described));
    }

    const none = answerShaped && cues.some((cue) => cue.value === 'none' && pointing(cue));
    const rest = cues.some((cue) => (cue.value === 'rest' || cue.value === 'only') && pointing(cue));
    const all = cues.some((cue) => cue.value === 'all' && pointing(cue));
    if (all && mentions.length === 0 && stated.length === 0) for (const slot of slots) values.set(slot, true);
    const leadingYes = words.length > 1 && /^(yes|yeah|yep|yup|yea)$/.test(words[0].token.norm);
    if (none || (answerShaped && (rest || leadingYes) && values.size > 0)) for (const slot of slots) if (!values.has(slot)) values.set(slot, false);
    const pointedAt = mentions.filter((mention) => this.isPointedAt(text, mention, segments[segmentOf(mention.start)], cues)).map((mention) => mention.slot);
    return { facts: Object.fromEntries(values) as Facts, pointedAt };
  }

  /** The words from "only" / "just" / "the" up to the item and its "one" ("only the can't get comfy one"). */
  private pointingWords(text: ReadText, mention: ItemMention, segment: Span, cues: PhraseMatch<Cue>[]): Span {
    const cue = cues.filter((candidate) => candidate.value === 'only' && candidate.start >= segment.start && candidate.end < mention.start).at(-1);
    let start = cue?.start ?? mention.start;
    if (!cue) for (let index = mention.start - 1; index >= segment.start && index >= mention.start - 4; index--) if (text.tokens[index].norm === 'the') start = index;
    return { start, end: mention.end + 1 };
  }

  /** An item named with "only", "just", "yes to", or as "the … one" / "the … thing". */
  private isPointedAt(text: ReadText, mention: ItemMention, segment: Span | undefined, cues: PhraseMatch<Cue>[]): boolean {
    if (segment && cues.some((cue) => cue.value === 'only' && cue.start >= segment.start && cue.end <= segment.end)) return true;
    return POINTERS.has(text.tokens[mention.end + 1]?.norm ?? '');
  }

  /** Items named by a word of theirs or by their number; words already read as another red flag are not reused. */
  private mentions(text: ReadText, context: MessageContext, pending: Question, slots: SlotName[], redFlags: RedFlagReading[], cues: PhraseMatch<Cue>[]): ItemMention[] {
    const found: ItemMention[] = [];
    // Words read as another red flag are not this item's: "burning when I pee" is a urinary symptom, not the bladder item.
    const readAsOther = (match: PhraseMatch<number>) =>
      redFlags.some(
        (flag) => flag.slot !== slots[match.value] && (slots.includes(flag.slot) || flag.value === true) && flag.start <= match.start && match.end <= flag.end,
      );
    const inCue = (index: number) => cues.some((cue) => cue.start <= index && index <= cue.end);
    const lookAlikes = this.lookAlikes.findAll(text.tokens);
    const inLookAlike = (match: PhraseMatch<number>) => lookAlikes.some((expression) => match.matched.some((index) => expression.start <= index && index <= expression.end));
    for (const match of longestNonOverlapping(this.itemMatcher(pending).findAll(text.tokens))) {
      if (readAsOther(match) || inLookAlike(match) || context.of(match).otherPerson) continue;
      found.push({ slot: slots[match.value], start: match.start, end: match.end });
    }
    text.tokens.forEach((token, index) => {
      if (token.isPunctuation || inCue(index) || found.some((mention) => mention.start <= index && index <= mention.end)) return;
      const hedgeFollows = cues.some((cue) => cue.value === 'unsure' && (cue.start === index + 1 || (cue.start === index + 2 && SELF.has(text.tokens[index + 1].norm))));
      const number = this.itemNumber(text, index, slots.length, hedgeFollows);
      if (number !== undefined) found.push({ slot: slots[number], start: index, end: index, byNumber: true });
    });
    return found.sort((a, b) => a.start - b.start);
  }

  /** The 0-based item a token numbers ("2", "two and four", "the third one", "3 not sure"), if it is one. */
  private itemNumber(text: ReadText, index: number, count: number, hedgeFollows: boolean): number | undefined {
    const token = text.tokens[index];
    const previous = text.tokens[index - 1];
    const next = text.tokens[index + 1];
    let number = -1;
    if (ORDINALS.includes(token.norm)) number = ORDINALS.indexOf(token.norm);
    else if (token.isNumber) number = Number(token.norm) - 1;
    else if (NUMBER_WORDS.includes(token.norm)) {
      // "the chest one", "not a one": a pronoun, unless it stands alone or in a list of numbers.
      if (token.norm === 'one' && previous && !previous.isNumber && !NUMBER_WORDS.includes(previous.norm) && !BEFORE_NUMBER_ONE.has(previous.norm)) return undefined;
      number = NUMBER_WORDS.indexOf(token.norm);
    }
    if (!Number.isInteger(number) || number < 0 || number >= count) return undefined;
    const listy = next === undefined || hedgeFollows || next.isNumber || AFTER_ITEM_NUMBER.has(next.norm) || NUMBER_WORDS.includes(next.norm);
    return ORDINALS.includes(token.norm) || listy ? number : undefined;
  }

  /** Parts of the message between commas, sentence ends and clause breaks ("but", "except", "apart from"). */
  private segments(text: ReadText, context: MessageContext): Span[] {
    const segments: Span[] = [];
    let start = 0;
    text.tokens.forEach((token, index) => {
      const breaks = (token.isPunctuation && /^[,;:.!?]$/.test(token.norm)) || context.kindAt(index) === 'clauseBreak';
      if (!breaks) return;
      if (index > start) segments.push({ start, end: index - 1 });
      start = index + 1;
    });
    if (start < text.tokens.length) segments.push({ start, end: text.tokens.length - 1 });
    return segments;
  }

  /**
   * Not sure, no or yes, from the item's own segment; a following segment that only hedges ("…, not sure")
   * counts too. Negations within `described` (the words pointing at the item) do not count.
   */
  private valueIn(segments: Span[], index: number, mentions: ItemMention[], context: MessageContext, cues: PhraseMatch<Cue>[], described?: Span): Tristate {
    const hasKind = (segment: Span, kinds: string[]) => {
      for (let i = segment.start; i <= segment.end; i++) {
        const kind = context.kindAt(i);
        if (described && i >= described.start && i <= described.end && (kind === 'before' || kind === 'after')) continue;
        if (kind && kinds.includes(kind)) return true;
        if (kinds.includes('uncertain') && cues.some((cue) => cue.value === 'unsure' && cue.start === i)) return true;
      }
      return false;
    };
    const segment = segments[index];
    if (!segment) return true;
    if (hasKind(segment, ['uncertain'])) return 'unsure';
    const next = segments[index + 1];
    const nextIsBareHedge = next && !mentions.some((mention) => mention.start >= next.start && mention.start <= next.end) && hasKind(next, ['uncertain']);
    if (nextIsBareHedge) return 'unsure';
    if (hasKind(segment, ['before', 'after']) || cues.some((cue) => cue.value === 'none' && cue.start >= segment.start && cue.end <= segment.end)) return false;
    return true;
  }

  /** "none of these", "nope", "no." answer the whole list; "no" before a word ("no fever") negates that word only. */
  private answersWholeList(text: ReadText, cue: PhraseMatch<Cue>): boolean {
    if (cue.length > 1 || STANDALONE.has(text.tokens[cue.start].norm)) return true;
    const after = text.tokens[cue.end + 1];
    // "no.", "no no and no", "no x5": the word stands alone, before another "no" or before a count.
    return after === undefined || after.isPunctuation || after.norm === text.tokens[cue.start].norm || /^x\d+$/.test(after.norm);
  }

  private itemMatcher(pending: Question): PhraseMatcher<number> {
    let matcher = this.itemMatchers.get(pending.id);
    if (!matcher) {
      matcher = new PhraseMatcher<number>(this.reader, 1);
      for (const [index, item] of (pending.items ?? []).entries()) for (const phrase of [item.label, ...item.synonyms]) matcher.add(phrase, index);
      this.itemMatchers.set(pending.id, matcher);
    }
    return matcher;
  }
}

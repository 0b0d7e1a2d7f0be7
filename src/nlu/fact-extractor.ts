import { ENUM_SLOT_VALUES, type Facts, type Tristate } from '../triage/slots';
import type { MessageContext } from './context-scanner';
import type { DurationParser } from './duration-parser';
import type { Lexicon } from './lexicon-schema';
import { longestNonOverlapping, PhraseMatcher, type PhraseMatch } from './phrase-matcher';
import type { RedFlagReading } from './red-flag-detector';
import type { ReadText, TextReader } from './text-reader';

type EnumFactSlot = keyof typeof ENUM_SLOT_VALUES;
type BooleanFactSlot = 'bothSides' | 'swellingOrBruising' | 'improving' | 'pregnant' | 'worseWithCoughSitting' | 'fattyMeals';
type FactMention = { slot: EnumFactSlot; value: string } | { slot: BooleanFactSlot; value: Tristate };

const ENUM_FACT_SLOTS = Object.keys(ENUM_SLOT_VALUES) as EnumFactSlot[];
const BOOLEAN_FACT_SLOTS: BooleanFactSlot[] = ['bothSides', 'swellingOrBruising', 'improving', 'pregnant', 'worseWithCoughSitting', 'fattyMeals'];
/**
 * Slots where a message may name several values and one wins wherever it stands: the more specific cause
 * (deadlifts are a workout, not just lifting), and the farther spread, which is the safer reading.
 */
const PRIORITY: Partial<Record<EnumFactSlot, string[]>> = {
  onset: ['workout', 'lifting_twisting', 'posture', 'gradual', 'unknown'],
  radiation: ['below_knee', 'buttock_thigh', 'none'],
};

/** Reads the non-red-flag facts people tell before they are asked: where, how it started, how long, what it feels like… */
export class FactExtractor {
  private readonly mentions: PhraseMatcher<FactMention>;
  /** Red flags whose own dates ("chemo two years ago") are not the back pain's (lexicon `ownDates`). */
  private readonly ownDates: Set<string>;

  constructor(
    reader: TextReader,
    lexicon: Lexicon,
    private readonly durations: DurationParser,
  ) {
    this.mentions = new PhraseMatcher<FactMention>(reader, 1);
    this.ownDates = new Set(Object.entries(lexicon.redFlags).filter(([, entry]) => entry.ownDates).map(([slot]) => slot));
    for (const slot of ENUM_FACT_SLOTS) {
      for (const [value, phrases] of Object.entries(lexicon.facts[slot]) as [string, string[]][]) {
        for (const phrase of phrases) this.mentions.add(phrase, { slot, value });
      }
    }
    for (const slot of BOOLEAN_FACT_SLOTS) {
      for (const value of [true, false, 'unsure'] as const) {
        for (const phrase of lexicon.facts[slot][String(value) as 'true' | 'false' | 'unsure']) this.mentions.add(phrase, { slot, value });
      }
    }
  }

  /** The facts stated in the message, leaving alone the words already read as red flags. */
  extract(text: ReadText, context: MessageContext, redFlags: RedFlagReading[], today: Date): Facts {
    const facts: Record<string, string | number | Tristate> = {};
    // Words read as a present (or unclear) red flag are not reused; a denied one's may still say something ("doesn't go into my legs").
    const taken = (start: number, end: number) => redFlags.some((flag) => flag.value !== false && flag.start <= end && start <= flag.end);
    // The first mention of a slot wins, except where one value ranks above another (PRIORITY).
    for (const match of this.mentionsBySlot(text)) {
      if (taken(match.start, match.end)) continue;
      const where = context.of(match);
      // What a question asks about is not told: "how often should I get up from my desk?" says nothing of the onset.
      if (where.otherPerson || where.inWordedQuestion || where.reported || (where.inQuestion && !where.aboutSelf)) continue;
      const { slot, value } = match.value;
      if (typeof value === 'boolean' || value === 'unsure') {
        if (slot in facts) continue;
        // A denial denied says nothing: "not getting worse" is not "improving", "doesn't change it" is not "worse when sitting".
        if (value === false && where.negated) continue;
        facts[slot] = where.uncertain || value === 'unsure' ? 'unsure' : where.negated ? !value : value;
      } else if (!where.negated && !where.uncertain) {
        const current = facts[slot] as string | undefined;
        const ranks = PRIORITY[slot as EnumFactSlot];
        if (current === undefined || (ranks && ranks.indexOf(value) < ranks.indexOf(current))) facts[slot] = value;
      }
    }
    const durations = this.durations.parse(text, today).filter((reading) => {
      const clause = context.clauseOf(reading.start);
      const where = context.of({ ...reading, matched: [reading.start] });
      return !where.otherPerson && !where.inWordedQuestion && !where.reported && !redFlags.some((flag) => this.ownDates.has(flag.slot) && flag.start >= clause.start && flag.end <= clause.end);
    });
    // "an hour after meals … for about 3 weeks": a duration tied to the start is the pain's.
    const duration = this.durations.sinceStart(text, durations);
    if (duration) facts.durationDays = duration.days;
    return facts as Facts;
  }

  /**
   * The longest mentions of each slot, in message order. Slots share words ("just sore in my lower back"
   * says where and how far), except inside a phrase said without a break: "above my hips" is a place, not a spread.
   */
  private mentionsBySlot(text: ReadText): PhraseMatch<FactMention>[] {
    const bySlot = new Map<string, PhraseMatch<FactMention>[]>();
    for (const match of this.mentions.findAll(text.tokens)) bySlot.set(match.value.slot, [...(bySlot.get(match.value.slot) ?? []), match]);
    const kept = [...bySlot.values()].flatMap((matches) => longestNonOverlapping(matches));
    const unbroken = kept.filter((match) => match.matched.length === match.end - match.start + 1);
    const inside = (match: PhraseMatch<FactMention>) =>
      unbroken.some((other) => other.value.slot !== match.value.slot && other.end - other.start > match.end - match.start && other.start <= match.start && match.end <= other.end);
    return kept.filter((match) => !inside(match)).sort((a, b) => a.start - b.start);
  }
}


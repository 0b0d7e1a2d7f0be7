import type { Lexicon } from './lexicon-schema';
import { longestNonOverlapping, PhraseMatcher, type PhraseMatch } from './phrase-matcher';
import type { ReadText, TextReader } from './text-reader';

/** A stated duration: whole days since the pain started (policy: "0 = today") and where it was said. */
export interface DurationReading {
  days: number;
  start: number;
  end: number;
  /** True when reckoned from a day's name ("since Tuesday", "the weekend") rather than counted ("3 days"). */
  byName?: boolean;
}

const RATE_WORDS = new Set(['a', 'per', 'each', 'every']);

type Piece = { kind: 'unit'; days: number } | { kind: 'quantity'; amount: number } | { kind: 'relative'; days: number } | { kind: 'weekday'; day: number } | { kind: 'weekend' } | { kind: 'exclude' };

/** Reads durations in any wording ("3 days", "two weeks", "a couple of weeks", "since Tuesday", "yesterday", "over a year") as whole days. */
export class DurationParser {
  private readonly pieces: PhraseMatcher<Piece>;
  private readonly notAfter: PhraseMatcher<true>;
  private readonly painWords: PhraseMatcher<true>;
  /** Each unit word, by its normalised form, in days. */
  private readonly units: Map<string, number>;

  constructor(reader: TextReader, lexicon: Lexicon) {
    const { units, quantities, relative, weekdays, weekend, excludeWith, excludeAfter, painWords } = lexicon.durations;
    this.notAfter = new PhraseMatcher<true>(reader, 0);
    excludeAfter.forEach((words) => this.notAfter.add(words, true));
    this.painWords = new PhraseMatcher<true>(reader, 0);
    painWords.forEach((words) => this.painWords.add(words, true));
    this.pieces = new PhraseMatcher<Piece>(reader, 0);
    for (const [word, days] of Object.entries(units)) this.pieces.add(word, { kind: 'unit', days });
    this.units = new Map(Object.entries(units).map(([word, days]) => [reader.read(word).tokens[0]?.norm ?? word, days]));
    for (const [word, amount] of Object.entries(quantities)) this.pieces.add(word, { kind: 'quantity', amount });
    for (const [words, days] of Object.entries(relative)) this.pieces.add(words, { kind: 'relative', days });
    weekdays.forEach((word, index) => this.pieces.add(word, { kind: 'weekday', day: (index + 1) % 7 }));
    weekend.forEach((word) => this.pieces.add(word, { kind: 'weekend' }));
    excludeWith.forEach((word) => this.pieces.add(word, { kind: 'exclude' }));
  }

  /** Every duration in tokens[from..to], in order; `today` dates "since Tuesday". */
  parse(text: ReadText, today: Date, from = 0, to = text.tokens.length - 1): DurationReading[] {
    const { tokens } = text;
    const pieces = longestNonOverlapping(this.pieces.findAll(tokens, from, to));
    const at = new Map<number, PhraseMatch<Piece>>();
    for (const piece of pieces) at.set(piece.end, piece);
    const readings: DurationReading[] = [];
    // "tuesday I picked him up … today is friday": the writer's today dates their weekdays.
    const statedToday = pieces.find((piece) => piece.value.kind === 'weekday' && isStatedToday(text, piece));
    const todayDay = statedToday?.value.kind === 'weekday' ? statedToday.value.day : today.getDay();
    const excludedAfter = (end: number) => {
      const next = pieces.find((piece) => piece.start === end + 1);
      // "10 hours a day", "3 hours per night": a rate, not how long ago the pain began.
      const rate = RATE_WORDS.has(tokens[end + 1]?.norm ?? '') && pieces.some((piece) => piece.start === end + 2 && piece.value.kind === 'unit');
      return next?.value.kind === 'exclude' || rate;
    };
    for (const piece of pieces) {
      const value = piece.value;
      if (value.kind === 'unit') {
        const amountEnd = piece.start - 1;
        let amount: number | undefined;
        let start = piece.start;
        const before = at.get(amountEnd);
        if (amountEnd >= from && tokens[amountEnd].isNumber) {
          amount = Number(tokens[amountEnd].norm.replace(/,/g, ''));
          start = amountEnd;
        } else if (before?.value.kind === 'quantity') {
          amount = before.value.amount;
          start = before.start;
        }
        if (amount === undefined || !Number.isFinite(amount) || excludedAfter(piece.end)) continue;
        readings.push({ days: Math.round(amount * value.days), start, end: piece.end });
      } else if (value.kind === 'relative') {
        // "3 months" is read by its unit; the bare word ("for months") only when no number precedes it.
        if (piece.start > from && tokens[piece.start - 1].isNumber) {
          // "24 hours ago": the number counts the phrase's first word when that is a unit.
          const unit = this.units.get(tokens[piece.start].norm);
          const amount = Number(tokens[piece.start - 1].norm.replace(/,/g, ''));
          if (unit !== undefined && Number.isFinite(amount)) readings.push({ days: Math.round(amount * unit), start: piece.start - 1, end: piece.end });
          continue;
        }
        if (at.get(piece.start - 1)?.value.kind === 'quantity') continue;
        readings.push({ days: value.days, start: piece.start, end: piece.end });
      } else if (value.kind === 'weekday') {
        if (piece === statedToday) continue;
        const back = (todayDay - value.day + 7) % 7;
        readings.push({ days: back === 0 ? 7 : back, start: piece.start, end: piece.end, byName: true });
      } else if (value.kind === 'weekend') {
        const sinceSaturday = (todayDay - 6 + 7) % 7;
        readings.push({ days: sinceSaturday, start: piece.start, end: piece.end, byName: true });
      }
    }
    // "first time in ages": not how long ago the pain began.
    const excludedBefore = new Set(this.notAfter.findAll(tokens, from, to).map((match) => match.end + 1));
    return readings.filter((reading) => !excludedBefore.has(reading.start)).sort((a, b) => a.start - b.start);
  }

  /**
   * The duration of the pain among those stated: of those tied to a start ("ago", "for", "since"), else of
   * all, the first said in a sentence naming the pain, else the first; a day's name restated as a count in
   * its sentence ("since last Thursday, which is 8 days ago") is the count.
   */
  sinceStart(text: ReadText, readings: DurationReading[]): DurationReading | undefined {
    const anchored = readings.filter((reading) => isAnchored(text, reading));
    const candidates = anchored.length > 0 ? anchored : readings;
    const painSentences = new Set(this.painWords.findAll(text.tokens).map((match) => text.tokens[match.start].sentence));
    const first = candidates.find((reading) => painSentences.has(text.tokens[reading.start].sentence)) ?? candidates[0];
    if (!first?.byName) return first;
    const sentence = text.tokens[first.start].sentence;
    const restated = readings.find((reading) => !reading.byName && reading.start > first.end && text.tokens[reading.start].sentence === sentence && text.tokens[reading.end + 1]?.norm === 'ago');
    return restated ?? first;
  }
}

/** Words before a weekday that make it today ("today is friday", "it's monday now"), and after it ("monday now", "monday today"). */
const TODAY_BEFORE = [['today', 'is'], ['today', "'s"], ['it', 'is'], ['it', "'s"], ['its'], ['tis'], ['now', 'it', 'is'], ['now', 'is'], ['it', 'is', 'now'], ['it', "'s", 'now'], ['its', 'now']];
const TODAY_AFTER = new Set(['now', 'today']);

/** True when a weekday names the writer's today rather than a day the pain began. */
function isStatedToday(text: ReadText, piece: PhraseMatch<Piece>): boolean {
  const { tokens } = text;
  if (TODAY_AFTER.has(tokens[piece.end + 1]?.norm ?? '')) return true;
  return TODAY_BEFORE.some((words) => words.every((word, k) => tokens[piece.start - words.length + k]?.norm === word));
}

/** Words that tie a duration to when the pain started: "for 2 weeks", "since yesterday", "been a month". */
const BEFORE_ANCHOR = new Set(['for', 'since', 'past', 'last', 'been', 'started', 'began', 'from']);

/** True when the duration reads as time since the start ("3 days ago") rather than the length of something else. */
function isAnchored(text: ReadText, reading: DurationReading): boolean {
  if (text.tokens[reading.end + 1]?.norm === 'ago') return true;
  for (let index = reading.start - 1; index >= 0 && index >= reading.start - 3; index--) if (BEFORE_ANCHOR.has(text.tokens[index].norm)) return true;
  return false;
}

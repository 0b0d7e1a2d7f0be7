import { RED_FLAG_SLOTS, type RedFlagSlot, type Tristate } from '../triage/slots';
import type { MessageContext } from './context-scanner';
import type { Lexicon } from './lexicon-schema';
import { PhraseMatcher, type PhraseMatch } from './phrase-matcher';
import type { ReadText, TextReader } from './text-reader';

/** A red flag read from a message: present, absent, not sure, or mentioned too vaguely to tell. */
export interface RedFlagReading {
  slot: RedFlagSlot;
  value: Tristate | 'unclear';
  /** The tokens of the mention, so that other readers do not reuse them ("burns when I pee" is not a burning pain). */
  start: number;
  end: number;
}

type Certainty = 'definite' | 'unclear' | 'negatedOnly';
const STRENGTH: Record<Certainty, number> = { definite: 2, unclear: 1, negatedOnly: 0 };

interface Candidate {
  slot: RedFlagSlot;
  certainty: Certainty;
  start: number;
  end: number;
  matched: number[];
}

interface Combo {
  slot: RedFlagSlot;
  certainty: Certainty;
  parts: string[];
}

/** Combos whose parts lie further apart than this are not read as one mention. */
const MAX_COMBO_SPAN = 10;
const PHRASE_GAP = 2;
/** How many words around a mention a look-alike expression may start or end in ("knee to chest stretch"). */
const LOOK_ALIKE_REACH = 3;

/** Finds red-flag mentions of every slot of the policy in lay words, and reads each in its context. */
export class RedFlagDetector {
  private readonly phrases: PhraseMatcher<{ slot: RedFlagSlot; certainty: Certainty }>;
  /** Concept words and the literal parts of combos, keyed "@NAME" or "=phrase". */
  private readonly parts: PhraseMatcher<string>;
  private readonly notWith = new Map<RedFlagSlot, PhraseMatcher<true>>();
  private readonly combos: Combo[] = [];
  private readonly lookAlikes: PhraseMatcher<true>;

  constructor(
    reader: TextReader,
    private readonly lexicon: Lexicon,
  ) {
    this.phrases = new PhraseMatcher<{ slot: RedFlagSlot; certainty: Certainty }>(reader, PHRASE_GAP);
    this.parts = new PhraseMatcher<string>(reader, PHRASE_GAP);
    this.lookAlikes = new PhraseMatcher<true>(reader, 0);
    lexicon.lookAlikes.forEach((phrase) => this.lookAlikes.add(phrase, true));
    for (const [name, words] of Object.entries(lexicon.concepts)) for (const word of words) this.parts.add(word, `@${name}`);
    for (const slot of RED_FLAG_SLOTS) {
      const entry = lexicon.redFlags[slot];
      for (const phrase of entry.phrases) this.phrases.add(phrase, { slot, certainty: 'definite' });
      for (const phrase of entry.negatedOnly) this.phrases.add(phrase, { slot, certainty: 'negatedOnly' });
      for (const [certainty, list] of [['definite', entry.combos], ['unclear', entry.unclear]] as const) {
        for (const parts of list) {
          for (const part of parts) if (!part.startsWith('@')) this.parts.add(part, `=${part}`);
          this.combos.push({ slot, certainty, parts: parts.map((part) => (part.startsWith('@') ? part : `=${part}`)) });
        }
      }
      if (entry.notWith.length > 0) {
        const matcher = new PhraseMatcher<true>(reader, 0);
        entry.notWith.forEach((word) => matcher.add(word, true));
        this.notWith.set(slot, matcher);
      }
    }
  }

  /** Every red-flag mention of the message with its reading; several per slot are possible. */
  detect(text: ReadText, context: MessageContext): RedFlagReading[] {
    const candidates = this.supersede(this.candidates(text, context));
    const readings: RedFlagReading[] = [];
    for (const candidate of candidates) {
      const clause = context.clauseOf(candidate.start);
      // "not dieting" does not explain the weight loss.
      const explained = this.notWith.get(candidate.slot)?.findAll(text.tokens, clause.start, clause.end).some((match) => !context.of(match).negated);
      if (explained) continue;
      if (this.isLookAlike(text, candidate)) continue;
      const where = context.of(candidate);
      if (where.otherPerson) continue;
      if (where.historical && !this.lexicon.redFlags[candidate.slot].historyCounts) continue;
      // A question about the condition ("can sciatica cause numbness?") says nothing about the patient.
      if (where.inQuestion && !where.aboutSelf && !context.patientIsOther) continue;
      // "what if my legs went numb?", "watch out for bladder problems": hypothetical, not stated.
      if (where.hypothetical && (where.inQuestion || !where.aboutSelf)) continue;
      let value: RedFlagReading['value'];
      if (where.negated) value = false;
      else if (candidate.certainty === 'negatedOnly') continue;
      else if (where.hypothetical || candidate.certainty === 'unclear' || where.doubtedAfter) value = 'unclear';
      else if (where.uncertain) value = 'unsure';
      else value = true;
      readings.push({ slot: candidate.slot, value, start: candidate.start, end: candidate.end });
    }
    return readings;
  }

  /** A fixed look-alike expression ("chest day", "fell asleep") covers one of the mention's own words (not a gap word). */
  private isLookAlike(text: ReadText, candidate: Candidate): boolean {
    const from = Math.max(0, candidate.start - LOOK_ALIKE_REACH);
    const to = Math.min(text.tokens.length - 1, candidate.end + LOOK_ALIKE_REACH);
    return this.lookAlikes.findAll(text.tokens, from, to).some((match) => candidate.matched.some((index) => match.start <= index && index <= match.end));
  }

  private candidates(text: ReadText, context: MessageContext): Candidate[] {
    const found: Candidate[] = this.phrases
      .findAll(text.tokens)
      .map((match) => ({ ...match.value, start: match.start, end: match.end, matched: match.matched }));
    const parts = this.parts.findAll(text.tokens);
    if (parts.length === 0) return found;
    const byKey = new Map<string, PhraseMatch<string>[]>();
    for (const part of parts) {
      const list = byKey.get(part.value);
      if (list) list.push(part);
      else byKey.set(part.value, [part]);
    }
    for (const combo of this.combos) {
      const first = byKey.get(combo.parts[0]);
      if (!first) continue;
      for (const anchor of first) {
        const clause = context.clauseOf(anchor.start);
        const chosen = [anchor];
        for (const key of combo.parts.slice(1)) {
          // The nearest fitting part ("no pain when i pee i just can't go": "can't" goes with "go", not "pee").
          const distance = (candidate: PhraseMatch<string>) => Math.abs(candidate.start - anchor.start) + (candidate.start < anchor.start ? 0.5 : 0);
          const part = (byKey.get(key) ?? [])
            .filter(
              (candidate) =>
                candidate.start >= clause.start &&
                candidate.end <= clause.end &&
                chosen.every((taken) => candidate.end < taken.start || candidate.start > taken.end) &&
                Math.abs(candidate.start - anchor.start) <= MAX_COMBO_SPAN,
            )
            .sort((a, b) => distance(a) - distance(b))[0];
          if (!part) break;
          chosen.push(part);
        }
        if (chosen.length !== combo.parts.length) continue;
        const matched = chosen.flatMap((part) => part.matched).sort((a, b) => a - b);
        found.push({ slot: combo.slot, certainty: combo.certainty, start: matched[0], end: matched[matched.length - 1], matched });
      }
    }
    return found;
  }

  /** Drops readings that an overlapping, at least as certain mention makes redundant: vaguer ones of its slot, and the slots it supersedes. */
  private supersede(candidates: Candidate[]): Candidate[] {
    const overlaps = (a: Candidate, b: Candidate) => a.start <= b.end && b.start <= a.end;
    return candidates.filter(
      (candidate) =>
        !candidates.some(
          (other) =>
            other !== candidate &&
            overlaps(other, candidate) &&
            ((other.slot === candidate.slot && STRENGTH[other.certainty] > STRENGTH[candidate.certainty]) ||
              (STRENGTH[other.certainty] >= STRENGTH[candidate.certainty] &&
                candidate.certainty !== 'negatedOnly' &&
                this.lexicon.redFlags[other.slot].supersedes.includes(candidate.slot))),
        ),
    );
  }
}

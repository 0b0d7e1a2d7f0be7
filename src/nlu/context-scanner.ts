import type { Lexicon } from './lexicon-schema';
import { longestNonOverlapping, PhraseMatcher, type PhraseMatch } from './phrase-matcher';
import type { ReadText, Sentence, Span, TextReader, Token } from './text-reader';

type TriggerKind =
  | 'before'
  | 'after'
  | 'pseudo'
  | 'uncertain'
  | 'termination'
  | 'clauseBreak'
  | 'other'
  | 'othersHistory'
  | 'self'
  | 'proxy'
  | 'hypothetical'
  | 'reported'
  | 'past'
  | 'resolved';

/**
 * How a mention stands in its sentence, in the spirit of ConText (Harkema et al., J Biomed Inform 2009):
 * negated, uncertain, hypothetical, historical, and whose it is (the patient's or someone else's).
 */
export interface MentionContext {
  negated: boolean;
  uncertain: boolean;
  /** Not the patient's: someone else's, unless the writer types for that person (then they are the patient). */
  otherPerson: boolean;
  hypothetical: boolean;
  /** Past and over ("years ago", "gone now"): not a current finding. */
  historical: boolean;
  /** The mention stands in the part of its sentence that asks something (see `AskingPart`), or in a sentence that ends with "?". */
  inQuestion: boolean;
  /** …and that part asks in words ("how long…", "…, is that normal"), not only with a question mark. */
  inWordedQuestion: boolean;
  /** The sentence speaks of the user ("I", "my …"). */
  aboutSelf: boolean;
  /** Earlier in its clause, someone's advice or the writer's plan ("told me to stay in bed for a week", "thinking of quitting the gym"). */
  reported: boolean;
  /** Doubt follows the mention in its clause ("legs a bit weak maybe?", "…, not sure if that counts"). */
  doubtedAfter: boolean;
}

/**
 * The part of a sentence that asks something: from `from` to the sentence's end. A sentence that only
 * ends with "?" asks as a whole; one that asks in words (`worded`) asks from its question word, its cue's
 * clause ("sore all day, what can I do?") or an inverted verb after a comma ("…, is that a muscle thing").
 */
export interface AskingPart {
  from: number;
  worded: boolean;
}

/** A mention to place in context: its span and which tokens are its own words (the others are gap words). */
export interface Mention extends Span {
  matched: number[];
}

/** Negation windows (NegEx uses five words). */
const BEFORE_WINDOW = 6;
const AFTER_WINDOW = 5;
/** How far after a mention "gone now" / "fine once I stood up" may stand and still speak of it. */
const RESOLVED_WINDOW = 16;
/** How far after a mention a doubt may stand and still speak of it. */
const DOUBT_WINDOW = 8;
/** Subjects that open a clause, and the words after which they do not (a subordinate or reported clause). */
const CLAUSE_SUBJECTS = new Set(['i', "i'm"]);
const JOINERS = new Set([
  'when', 'if', 'that', 'as', 'because', 'cos', 'coz', 'since', 'so', 'and', 'or', 'but', 'while', 'until', 'till', 'before', 'after',
  'where', 'how', 'what', 'which', 'who', 'whenever', 'unless', 'though', 'although', 'think', 'guess', 'know', 'say', 'said', 'mean',
  'feel', 'hope', 'can', 'do', 'did', 'does', 'am', 'have', 'nor', 'neither', 'not',
]);
/** Pronouns that speak of a person named before. */
const THIRD_PERSON = new Set(['he', 'she', 'his', 'her', 'him', 'hers', 'they', 'their', 'them', "he's", "she's"]);
/** Words after "my" that name the writer's own back or pain. */
const OWN_BACK_WORDS = new Set(['back', 'pain', 'spine', 'backache']);
/** Words that make a back someone else's ("her lower back"). */
const OTHERS_OWN = new Set(['his', 'her', 'their']);
/** What may follow an inverted verb that asks ("…, is this common", "…, would heat be better"), by part of speech. */
const ASKED_SUBJECTS = new Set(['PRON', 'DET', 'NOUN', 'PROPN']);
/** A pronoun or determiner: the subject of "do I…", "did my…". */
const SUBJECT_WORDS = new Set(['PRON', 'DET']);
const NOUN_LIKE = new Set(['NOUN', 'PROPN', 'CCONJ', 'DET', 'ADP', 'NUM', 'PUNCT']);

/** The triggers of one message, found once; then each mention's context is read from them. */
export class MessageContext {
  private readonly triggerAt: (PhraseMatch<TriggerKind> | undefined)[];
  /** Tokens that open a new clause inside a sentence without punctuation. */
  private readonly runOnClauseStarts = new Set<number>();

  /** The writer types for someone else ("asking for my wife, she…", "my dad … his back"): that person is the patient. */
  readonly patientIsOther: boolean;

  constructor(
    private readonly text: ReadText,
    triggers: PhraseMatch<TriggerKind>[],
    private readonly askingParts: (AskingPart | undefined)[],
    private readonly doubts: PhraseMatch<true>[] = [],
  ) {
    this.triggerAt = new Array(text.tokens.length);
    for (const trigger of triggers) for (let i = trigger.start; i <= trigger.end; i++) this.triggerAt[i] = trigger;
    // A run-on sentence starts a new clause at "i" after a content word ("no pain when i pee i just can't go").
    text.tokens.forEach((token, i) => {
      const previous = text.tokens[i - 1];
      if (!CLAUSE_SUBJECTS.has(token.norm) || !previous || previous.isPunctuation || previous.sentence !== token.sentence) return;
      if (!JOINERS.has(previous.norm) && !this.triggerAt[i - 1]) this.runOnClauseStarts.add(i);
    });
    this.patientIsOther = triggers.some((trigger) => trigger.value === 'proxy') || (!this.speaksOfOwnBack() && (this.describesOthersBack() || this.speaksOnlyOfOther()));
  }

  /** The writer speaks of their own back or pain ("mine is just sore", "my back pain is small"): they are the patient. */
  private speaksOfOwnBack(): boolean {
    const { tokens } = this.text;
    return tokens.some((token, i) => {
      if (token.norm === 'mine' && this.triggerAt[i]?.value === 'self') return true;
      if (token.norm !== 'my' || this.triggerAt[i + 1]?.value === 'other') return false;
      return tokens.slice(i + 1, i + 4).some((next) => OWN_BACK_WORDS.has(next.norm));
    });
  }

  /**
   * Someone else named, then spoken of ("my husband can't feel his bum", "my dad says he can't stand"), and nothing
   * said of the writer: no "I", "me" or "my" of their own. A bare "my mom had cancer" stays her history.
   */
  private speaksOnlyOfOther(): boolean {
    const { tokens } = this.text;
    let named = false;
    let spokenOf = false;
    for (let i = 0; i < tokens.length; i++) {
      const kind = this.triggerAt[i]?.value;
      if (kind === 'self' || kind === 'othersHistory' || (tokens[i].norm === 'my' && this.triggerAt[i + 1]?.value !== 'other')) return false;
      if (kind === 'other' && (tokens[i].pos === 'NOUN' || tokens[i].pos === 'PROPN')) named = true;
      else if (named && THIRD_PERSON.has(tokens[i].norm)) spokenOf = true;
    }
    return spokenOf;
  }

  /** Someone else named (a noun: "my mum", not "she") and, later in the sentence, a back that is not the writer's; or later, "her back", "his back". */
  private describesOthersBack(): boolean {
    const { tokens } = this.text;
    for (let i = 0; i < tokens.length; i++) {
      if (this.triggerAt[i]?.value !== 'other' || (tokens[i].pos !== 'NOUN' && tokens[i].pos !== 'PROPN')) continue;
      for (let j = i + 1; j < tokens.length && tokens[j].sentence === tokens[i].sentence; j++) {
        if (this.triggerAt[j]?.value === 'self' || (tokens[j].norm === 'my' && this.triggerAt[j + 1]?.value !== 'other')) break;
        if (tokens[j].norm === 'back') return true;
      }
      // "… my girlfriend fell off the balcony. She says it's only her lower back that hurts."
      for (let j = i + 1; j < tokens.length; j++) if (tokens[j].norm === 'back' && tokens.slice(Math.max(i + 1, j - 3), j).some((token) => OTHERS_OWN.has(token.norm))) return true;
    }
    return false;
  }

  /** The context of a mention. */
  of(mention: Mention): MentionContext {
    const { tokens } = this.text;
    const sentence = this.text.sentences[tokens[mention.start].sentence];
    const asking = this.askingParts[tokens[mention.start].sentence];
    const own = new Set(mention.matched);
    const nounLike = mention.matched.every((i) => NOUN_LIKE.has(tokens[i].pos));
    let negated = false;
    let uncertain = false;
    let hypothetical = false;
    // Gap words inside the mention: "legs did not give way".
    for (let i = mention.start; i <= mention.end; i++) {
      const trigger = this.triggerAt[i];
      if (own.has(i) || !trigger || trigger.start < mention.start || trigger.end > mention.end) continue;
      if (trigger.value === 'before') negated = true;
      if (trigger.value === 'uncertain') uncertain = true;
    }
    let words = 0;
    for (let i = mention.start - 1; i >= sentence.start && words < BEFORE_WINDOW && !negated && !uncertain; i--) {
      const token = tokens[i];
      if (token.isPunctuation) {
        // A list carries the negation across commas ("no fever, chills or numbness"); a new clause does not.
        const between = tokens.slice(i + 1, mention.start);
        if (token.norm === ',' && nounLike && between.every((word) => NOUN_LIKE.has(word.pos))) continue;
        break;
      }
      words++;
      if (this.runOnClauseStarts.has(i)) break;
      const trigger = this.triggerAt[i];
      if (!trigger) continue;
      if (trigger.value === 'termination' || trigger.value === 'clauseBreak') break;
      if (trigger.value === 'before') negated = true;
      else if (trigger.value === 'uncertain') uncertain = true;
      else if (trigger.value === 'hypothetical') hypothetical = true;
      i = trigger.start;
    }
    words = 0;
    for (let i = mention.end + 1; i <= sentence.end && words < AFTER_WINDOW && !negated; i++) {
      const token = tokens[i];
      if (token.isPunctuation || this.runOnClauseStarts.has(i)) break;
      words++;
      const trigger = this.triggerAt[i];
      if (!trigger) continue;
      if (trigger.value === 'termination' || trigger.value === 'clauseBreak') break;
      if (trigger.value === 'after') negated = true;
      i = trigger.end;
    }
    return {
      negated,
      uncertain,
      historical: this.historical(mention, sentence.end),
      hypothetical: hypothetical || this.hypotheticalBefore(mention, sentence.start),
      otherPerson: this.otherPerson(mention, own, sentence.start, sentence.end),
      inQuestion: !!asking && (mention.start >= asking.from || sentence.endsWithQuestionMark),
      inWordedQuestion: !!asking?.worded && mention.start >= asking.from,
      aboutSelf: this.aboutSelf(sentence.start, sentence.end, !!asking?.worded && asking.from === sentence.start),
      doubtedAfter: this.doubtedAfter(mention, sentence.end),
      reported: this.reportedBefore(mention, sentence.start),
    };
  }

  private reportedBefore(mention: Span, sentenceStart: number): boolean {
    for (let i = mention.start - 1; i >= sentenceStart; i--) {
      const token = this.text.tokens[i];
      if (token.isPunctuation && token.norm !== "'") return false;
      const kind = this.triggerAt[i]?.value;
      if (kind === 'reported') return true;
      if (kind === 'clauseBreak' || kind === 'termination') return false;
    }
    return false;
  }

  private doubtedAfter(mention: Span, sentenceEnd: number): boolean {
    const doubt = this.doubts.find((match) => match.start > mention.end && match.start <= sentenceEnd);
    if (!doubt) return false;
    let words = 0;
    for (let i = mention.end + 1; i < doubt.start; i++) {
      const kind = this.triggerAt[i]?.value;
      if (kind === 'clauseBreak' || kind === 'termination' || this.runOnClauseStarts.has(i)) return false;
      if (!this.text.tokens[i].isPunctuation) words++;
    }
    return words <= DOUBT_WINDOW;
  }

  /** Some sentence asks something: a question mark, a question word first, a cue ("should I"), an inverted verb after a comma. */
  isQuestion(): boolean {
    return this.askingParts.some(Boolean);
  }

  /** Some sentence asks in words, not only with "?" ("what is…", "should I…"). */
  isKnowledgeQuestion(): boolean {
    return this.askingParts.some((part) => part?.worded);
  }

  /** The asking parts in normalised words, in order ("how long will it take ?" of a story that ends with it); empty when nothing asks. */
  askedText(): string {
    const { tokens } = this.text;
    return this.text.sentences
      .flatMap((sentence, index) => {
        const part = this.askingParts[index];
        return part ? [tokens.slice(part.from, sentence.end + 1).map((token) => token.norm).join(' ')] : [];
      })
      .join(' ');
  }

  /** Tokens of the clause around `index`: between clause breaks ("but", "however"), semicolons and sentence ends. */
  clauseOf(index: number): Span {
    const { tokens } = this.text;
    const sentence = this.text.sentences[tokens[index].sentence];
    let start = index;
    while (start > sentence.start && !this.breaksClause(start - 1)) start--;
    let end = index;
    while (end < sentence.end && !this.breaksClause(end + 1)) end++;
    return { start, end };
  }

  /** The trigger kind covering a token, if any. */
  kindAt(index: number): TriggerKind | undefined {
    return this.triggerAt[index]?.value;
  }

  private breaksClause(index: number): boolean {
    const token = this.text.tokens[index];
    if (token.isPunctuation && (token.norm === ';' || token.norm === ':')) return true;
    const kind = this.triggerAt[index]?.value;
    return kind === 'clauseBreak';
  }

  /** A past word in the mention's stretch of clause (up to "now", "but", …) or a resolution soon after it. */
  private historical(mention: Span, sentenceEnd: number): boolean {
    const { tokens } = this.text;
    const clause = this.clauseOf(mention.start);
    const stops = (kind: TriggerKind | undefined) => kind === 'termination' || kind === 'clauseBreak';
    for (let i = mention.start; i <= mention.end; i++) if (this.triggerAt[i]?.value === 'past') return true;
    for (let i = mention.start - 1; i >= clause.start && !stops(this.triggerAt[i]?.value); i--) if (this.triggerAt[i]?.value === 'past') return true;
    for (let i = mention.end + 1; i <= clause.end && !stops(this.triggerAt[i]?.value); i++) if (this.triggerAt[i]?.value === 'past') return true;
    for (let i = mention.end + 1, words = 0; i <= sentenceEnd && words < RESOLVED_WINDOW; i++) {
      // "tingly bum after the drive, went away when I stood up": after a comma the sentence goes on about the mention,
      // until a "now" or the back itself ("…, the pain has gone now" resolves the pain, not the mention).
      if (tokens[i].isPunctuation && tokens[i].norm !== ',') break;
      if (this.triggerAt[i]?.value === 'termination' || OWN_BACK_WORDS.has(tokens[i].norm)) break;
      if (tokens[i].isPunctuation) continue;
      words++;
      if (this.triggerAt[i]?.value === 'resolved') return true;
    }
    return false;
  }

  private hypotheticalBefore(mention: Span, sentenceStart: number): boolean {
    const { tokens } = this.text;
    for (let i = mention.start - 1; i >= sentenceStart; i--) {
      const kind = this.triggerAt[i]?.value;
      // "I don't know what's wrong, I can't feel my bum": the writer's own clause states it.
      if (kind === 'clauseBreak' || this.runOnClauseStarts.has(i + 1) || (tokens[i].norm === ',' && this.triggerAt[i + 1]?.value === 'self')) return false;
      if (kind === 'hypothetical') return true;
    }
    return false;
  }

  /** "my dad's legs gave way", "my mom had cancer", "cancer runs in the family": someone else's. */
  private otherPerson(mention: Span, own: Set<number>, sentenceStart: number, sentenceEnd: number): boolean {
    const { tokens } = this.text;
    if (this.patientIsOther) {
      for (let i = sentenceStart; i <= sentenceEnd; i++) if (this.triggerAt[i]?.value === 'othersHistory') return true;
      return false;
    }
    // Someone named between the mention's words ("my legs and my wife's gave way"); its own words ("over her head") do not count.
    for (let i = mention.start + 1; i < mention.end; i++) if (this.triggerAt[i]?.value === 'other' && !own.has(i)) return true;
    for (let i = mention.start - 1; i >= sentenceStart; i--) {
      const trigger = this.triggerAt[i];
      if (trigger?.value === 'clauseBreak' || tokens[i].isPunctuation) break;
      if (trigger?.value === 'self') return false;
      // "my" speaks of the user unless it introduces someone else ("my mom").
      if (tokens[i].norm === 'my' && this.triggerAt[i + 1]?.value !== 'other') return false;
      if (trigger?.value === 'other' || trigger?.value === 'othersHistory') return true;
    }
    for (let i = mention.end + 1; i <= Math.min(sentenceEnd, mention.end + 4); i++) {
      const trigger = this.triggerAt[i];
      if (trigger?.value === 'clauseBreak' || trigger?.value === 'self') break;
      if ((trigger?.value === 'other' && trigger.end > trigger.start) || trigger?.value === 'othersHistory') return true;
    }
    return false;
  }

  private aboutSelf(start: number, end: number, worded: boolean): boolean {
    // The "I" of the opener ("should I worry about tingling?") asks for advice; it does not report a symptom.
    for (let i = worded ? start + 2 : start; i <= end; i++) {
      if (this.triggerAt[i]?.value === 'self') return true;
      if (this.text.tokens[i].norm === 'my' && this.triggerAt[i + 1]?.value !== 'other') return true;
    }
    return false;
  }
}

/** Finds NegEx triggers, experiencer words and question cues, as listed in the lexicon. */
export class ContextScanner {
  private readonly triggers: PhraseMatcher<TriggerKind>;
  private readonly questionStarts: PhraseMatcher<true>;
  private readonly questionStartWords: Set<string | undefined>;
  private readonly questionCues: PhraseMatcher<true>;
  private readonly auxiliaries: Set<string>;
  private readonly auxiliariesNeedingSubject: Set<string>;
  private readonly doubts: PhraseMatcher<true>;

  constructor(reader: TextReader, lexicon: Lexicon) {
    this.triggers = new PhraseMatcher<TriggerKind>(reader, 0);
    const add = (phrases: string[], kind: TriggerKind) => phrases.forEach((phrase) => this.triggers.add(phrase, kind));
    add(lexicon.negation.before, 'before');
    add(lexicon.negation.after, 'after');
    add(lexicon.negation.pseudo, 'pseudo');
    add(lexicon.negation.uncertain, 'uncertain');
    add(lexicon.negation.terminations, 'termination');
    add(lexicon.negation.clauseBreaks, 'clauseBreak');
    add(lexicon.experiencer.others, 'other');
    add(lexicon.experiencer.self, 'self');
    add(lexicon.experiencer.proxy, 'proxy');
    add(lexicon.experiencer.othersHistory, 'othersHistory');
    add(lexicon.history.past, 'past');
    add(lexicon.history.resolved, 'resolved');
    add(lexicon.questions.hypothetical, 'hypothetical');
    add(lexicon.reported, 'reported');
    this.questionStarts = new PhraseMatcher<true>(reader, 0);
    lexicon.questions.starts.forEach((phrase) => this.questionStarts.add(phrase, true));
    this.questionStartWords = new Set(lexicon.questions.starts.map((phrase) => reader.read(phrase).tokens[0]?.norm));
    this.questionCues = new PhraseMatcher<true>(reader, 0);
    lexicon.questions.cues.forEach((phrase) => this.questionCues.add(phrase, true));
    const first = (word: string) => reader.read(word).tokens[0]?.norm ?? word;
    this.auxiliaries = new Set(lexicon.questions.auxiliaries.map(first));
    this.auxiliariesNeedingSubject = new Set(lexicon.questions.auxiliariesNeedingSubject.map(first));
    this.doubts = new PhraseMatcher<true>(reader, 0);
    lexicon.negation.doubtsAfter.forEach((phrase) => this.doubts.add(phrase, true));
  }

  /** Reads the triggers and the asking part of each sentence of a message. */
  scan(text: ReadText): MessageContext {
    const found = this.triggers.findAll(text.tokens);
    // Where triggers overlap, the longest is meant ("not sure" over "not", "don't have" over "not").
    const triggers = longestNonOverlapping(found);
    const breaks = new Set(triggers.filter((trigger) => trigger.value === 'clauseBreak').map((trigger) => trigger.end));
    const askingParts = text.sentences.map((sentence) => this.askingPart(text, sentence, breaks));
    return new MessageContext(text, triggers, askingParts, this.doubts.findAll(text.tokens));
  }

  /** A sentence's first verb asks ("is it normal", "does sitting make it worse"); "did heavy squats on sat" and "can't control my bladder" tell. */
  private asksFirst(verb: Token, next: Token, questionMark: boolean): boolean {
    if (!this.auxiliaries.has(verb.norm) || next.norm === 'not') return false;
    return questionMark || !this.auxiliariesNeedingSubject.has(verb.norm) || SUBJECT_WORDS.has(next.pos);
  }

  private askingPart(text: ReadText, sentence: Sentence, breaks: Set<number>): AskingPart | undefined {
    const { start, end } = sentence;
    const { tokens } = text;
    // The first word as written: "doing yoga" is not "do …?" although both have the stem "do".
    const asWritten = this.questionStartWords.has(tokens[start].norm);
    if (asWritten && this.questionStarts.findAll(tokens, start, end).some((match) => match.start === start)) return { from: start, worded: true };
    if (start < end && this.asksFirst(tokens[start], tokens[start + 1], sentence.endsWithQuestionMark)) return { from: start, worded: true };
    const opensClause = (i: number) => (tokens[i - 1].isPunctuation && tokens[i - 1].norm !== "'") || breaks.has(i - 1);
    const cue = this.questionCues.findAll(tokens, start, end)[0];
    let from = cue ? cue.start : -1;
    while (from > start && !opensClause(from)) from--;
    // "…, is that a muscle thing", "…, would heat be better".
    for (let i = start + 1; i < end && (from < 0 || i < from); i++) {
      if (opensClause(i) && this.auxiliaries.has(tokens[i].norm) && ASKED_SUBJECTS.has(tokens[i + 1].pos)) from = i;
    }
    if (from >= 0) return { from, worded: true };
    return sentence.endsWithQuestionMark ? { from: start, worded: false } : undefined;
  }
}

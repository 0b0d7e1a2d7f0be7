import winkNLP, { type ItemToken, type ItsFunction, type WinkMethods } from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** One word, number or punctuation mark of a message, as wink-nlp reads it. */
export interface Token {
  /** Lower-cased, contractions expanded ("can't" → "can", "not"). */
  norm: string;
  lemma: string;
  stem: string;
  pos: string;
  isPunctuation: boolean;
  isNumber: boolean;
  /** Not in the English model's vocabulary: a typo, slang or a rare word; only these are matched fuzzily. */
  unknown: boolean;
  sentence: number;
}

/** A span of tokens, both ends included. */
export interface Span {
  start: number;
  end: number;
}

/** A sentence of a message and whether it reads as a question. */
export interface Sentence extends Span {
  endsWithQuestionMark: boolean;
}

/** A message split into tokens and sentences. */
export interface ReadText {
  tokens: Token[];
  sentences: Sentence[];
}

/** Contractions typed without their apostrophe that wink leaves whole ("im" → "i'm"); it expands "dont", "cant", "ive" itself. */
const SPELLED_WITHOUT_APOSTROPHE: Record<string, string> = { im: "i'm", thats: "that's", theres: "there's", whats: "what's" };

// What the recognizer reads: sentences and parts of speech (for lemmas). wink's entity, negation and
// sentiment passes are left out: durations and dates have their own parser (duration-parser.ts), and
// negation its own scope rules (context-scanner.ts).
const PIPE = ['sbd', 'pos'];

/** Wraps one wink-nlp instance (slow to build: create one and share it) and turns text into tokens and sentences. */
export class TextReader {
  private readonly nlp: WinkMethods;
  /** wink gives words outside its model's vocabulary ids from here on. */
  private readonly firstUnknownId: number;
  /** Porter stems of the model's words by wink id (stemming is most of the cost of reading a token); bounded by the vocabulary. */
  private readonly stems = new Map<number, string>();

  constructor() {
    this.nlp = winkNLP(model, PIPE);
    const probe = this.nlp.readDoc('qxzvjkq');
    this.firstUnknownId = probe.tokens().itemAt(0).out(this.nlp.its.uniqueId) as number;
  }

  /** Tokenizes `text`; pure apart from wink's growing vocabulary of unseen words. */
  read(text: string): ReadText {
    const its = this.nlp.its;
    const doc = this.nlp.readDoc(endLines(text).replace(ANSWER_WITH_FULL_STOP, '$1 .'));
    // Whole-document outputs, one array per property: wink's per-token item objects cost more than the reading.
    const all = doc.tokens();
    const types = all.out(its.type) as string[];
    const normals = all.out(its.normal) as string[];
    const ids = all.out(its.uniqueId) as unknown as number[];
    const lemmas = all.out(its.lemma as unknown as ItsFunction<string>) as unknown as (string | undefined)[];
    const poses = all.out(its.pos) as string[];
    const tokens: Token[] = [];
    const sentences: Sentence[] = [];
    (doc.sentences().out(its.span) as unknown as [number, number][]).forEach(([first, last], sentenceIndex) => {
      for (let index = first; index <= last; index++) {
        const norm = SPELLED_WITHOUT_APOSTROPHE[normals[index].toLowerCase()] ?? normals[index].toLowerCase();
        const unknown = ids[index] >= this.firstUnknownId;
        tokens.push({
          norm,
          // wink has no lemma or stem for a few tokens; the word itself stands in.
          lemma: (lemmas[index] ?? norm).toLowerCase(),
          stem: this.stemOf(() => all.itemAt(index), ids[index], unknown, norm),
          pos: poses[index],
          // An emoji or emoticon carries no words: it is read as punctuation ("im 67 so no 😂").
          isPunctuation: types[index] === 'punctuation' || types[index] === 'emoji' || types[index] === 'emoticon',
          isNumber: types[index] === 'number',
          unknown,
          sentence: sentenceIndex,
        });
      }
      if (last >= first) sentences.push({ start: first, end: last, endsWithQuestionMark: tokens[tokens.length - 1].norm === '?' });
    });
    return { tokens, sentences };
  }

  /** wink's stem depends on the token's text alone (its id): kept for vocabulary words, computed for others. */
  private stemOf(token: () => ItemToken, id: number, unknown: boolean, norm: string): string {
    let stem = this.stems.get(id);
    if (stem === undefined) {
      stem = (token().out(this.nlp.its.stem as unknown as ItsFunction<string>) ?? norm).toLowerCase();
      if (!unknown) this.stems.set(id, stem);
    }
    return stem;
  }
}

/** "No." and "Yes." as a sentence: wink reads "No." as the abbreviation of "number"; spaced, it is the answer "no" and a full stop. */
const ANSWER_WITH_FULL_STOP = /\b(no|yes|nope|yep)\.(?=\s|$)/gi;

/** People end a sentence with a line break; wink only ends one with punctuation, so a full stop is added between lines. */
function endLines(text: string): string {
  if (!text.includes('\n')) return text.trim();
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.map((line, index) => (index === lines.length - 1 || /[.!?;:]$/.test(line) ? line : `${line} .`)).join(' ');
}

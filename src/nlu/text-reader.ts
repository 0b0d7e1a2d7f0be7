import winkNLP, { type ItemEntity, type ItemToken, type ItsFunction, type WinkMethods } from 'wink-nlp';
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

/** A wink-nlp entity (DURATION, DATE, TIME, CARDINAL…) over a span of tokens. */
export interface Entity extends Span {
  type: string;
}

/** A message split into tokens, sentences and entities. */
export interface ReadText {
  tokens: Token[];
  sentences: Sentence[];
  entities: Entity[];
}

// What the recognizer reads: sentences, parts of speech (for lemmas) and entities; wink's negation and
// sentiment passes are left out (negation has its own scope rules here, see context-scanner.ts).
const PIPE = ['sbd', 'pos', 'ner'];

/** Wraps one wink-nlp instance (slow to build: create one and share it) and turns text into tokens. */
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
    const doc = this.nlp.readDoc(endLines(text));
    const tokens: Token[] = [];
    const sentences: Sentence[] = [];
    doc.sentences().each((sentence, sentenceIndex) => {
      const start = tokens.length;
      sentence.tokens().each((token: ItemToken) => {
        const type = token.out(its.type) as string;
        const norm = (token.out(its.normal) as string).toLowerCase();
        const id = token.out(its.uniqueId) as number;
        const unknown = id >= this.firstUnknownId;
        // wink's stem depends on the token's text alone (its id); words outside the vocabulary are not kept.
        let stem = this.stems.get(id);
        if (stem === undefined) {
          // wink has no lemma or stem for a few tokens; the word itself stands in.
          stem = (token.out(its.stem as unknown as ItsFunction<string>) ?? norm).toLowerCase();
          if (!unknown) this.stems.set(id, stem);
        }
        tokens.push({
          norm,
          lemma: (token.out(its.lemma as unknown as ItsFunction<string>) ?? norm).toLowerCase(),
          stem,
          pos: token.out(its.pos) as string,
          isPunctuation: type === 'punctuation',
          isNumber: type === 'number',
          unknown,
          sentence: sentenceIndex,
        });
      });
      if (tokens.length > start) {
        sentences.push({ start, end: tokens.length - 1, endsWithQuestionMark: tokens[tokens.length - 1].norm === '?' });
      }
    });
    const entities: Entity[] = [];
    doc.entities().each((entity: ItemEntity) => {
      const [start, end] = entity.out(its.span) as unknown as [number, number];
      entities.push({ type: entity.out(its.type) as string, start, end });
    });
    return { tokens, sentences, entities };
  }
}

/** People end a sentence with a line break; wink only ends one with punctuation, so a full stop is added between lines. */
function endLines(text: string): string {
  const lines = text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  return lines.map((line, index) => (index === lines.length - 1 || /[.!?;:]$/.test(line) ? line : `${line} .`)).join(' ');
}

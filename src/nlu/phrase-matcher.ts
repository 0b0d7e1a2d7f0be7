import { editDistance, typoAllowance } from './edit-distance';
import type { TextReader, Token } from './text-reader';

/** A phrase found in a message: the tokens that matched its words (in order) and what it stands for. */
export interface PhraseMatch<T> {
  start: number;
  end: number;
  /** Indices of the tokens that matched the phrase's words; the others in [start, end] are gap words. */
  matched: number[];
  value: T;
  /** Words in the phrase: longer phrases are more specific. */
  length: number;
}

interface PatternWord {
  norm: string;
  /** A slot for any word of a kind ("#number", "#year") instead of one word. */
  placeholder?: (token: Token) => boolean;
  stem: string;
  /** The word is in its base form, so it also matches its inflections ("leg" matches "legs", "fall" matches "fell"). */
  base: boolean;
}

interface Pattern<T> {
  words: PatternWord[];
  value: T;
}

const BARRIERS = new Set(['.', '!', '?', ';', ':', ',', '(', ')']);
/** Placeholders a phrase may use after its first word: "when i was #number", "in #year", "in my #decade". */
const PLACEHOLDERS: Record<string, (token: Token) => boolean> = {
  '#number': (token) => token.isNumber || token.pos === 'NUM',
  '#year': (token) => token.isNumber && /^(19|20)\d\d$/.test(token.norm),
  '#decade': (token) => /^\d0'?s$/.test(token.norm),
};
const FUZZY_CACHE_LIMIT = 5000;

/**
 * Finds lexicon phrases in tokenized text, word by word: exact, by lemma or stem for base-form words,
 * and within a small edit distance for words the English model does not know (typos). Up to `maxGap`
 * filler words may sit between a phrase's words, never across punctuation or sentences.
 */
export class PhraseMatcher<T> {
  private readonly byFirstWord = new Map<string, Pattern<T>[]>();
  private readonly stems = new Map<string, Set<string>>();
  private readonly fuzzyCache = new Map<string, string[]>();

  constructor(
    private readonly reader: TextReader,
    private readonly maxGap: number,
  ) {}

  /** Adds a phrase standing for `value`; a placeholder (`#number`, `#year`, `#decade`) may stand for any word but the first. */
  add(phrase: string, value: T): void {
    const words: PatternWord[] = this.reader
      .read(phrase)
      .tokens.filter((token) => !token.isPunctuation || !BARRIERS.has(token.norm))
      .map((token) => ({ norm: token.norm, stem: token.stem, base: token.lemma === token.norm, placeholder: PLACEHOLDERS[token.norm] }));
    if (words.length === 0) return;
    if (words[0].placeholder) throw new Error(`A phrase cannot start with a placeholder: "${phrase}"`);
    const first = words[0].norm;
    const list = this.byFirstWord.get(first) ?? [];
    list.push({ words, value });
    this.byFirstWord.set(first, list);
    for (const word of words) {
      if (!word.base || word.placeholder) continue;
      const set = this.stems.get(word.stem) ?? new Set<string>();
      set.add(word.norm);
      this.stems.set(word.stem, set);
    }
    this.fuzzyCache.clear();
  }

  /** Every occurrence of every phrase in tokens[from..to] (overlaps included). */
  findAll(tokens: Token[], from = 0, to = tokens.length - 1): PhraseMatch<T>[] {
    const found: PhraseMatch<T>[] = [];
    for (let i = from; i <= to; i++) {
      const token = tokens[i];
      if (token.isPunctuation) continue;
      for (const key of this.candidateKeys(token)) {
        const patterns = this.byFirstWord.get(key);
        if (!patterns) continue;
        for (const pattern of patterns) {
          if (!this.wordMatches(token, pattern.words[0])) continue;
          const matched = this.extend(tokens, i, to, pattern.words);
          if (matched) found.push({ start: i, end: matched[matched.length - 1], matched, value: pattern.value, length: pattern.words.length });
        }
      }
    }
    return found;
  }

  private extend(tokens: Token[], start: number, to: number, words: PatternWord[]): number[] | undefined {
    const matched = [start];
    let previous = start;
    for (let k = 1; k < words.length; k++) {
      let next = -1;
      for (let j = previous + 1; j <= Math.min(to, previous + 1 + this.maxGap); j++) {
        const token = tokens[j];
        if (token.sentence !== tokens[start].sentence || (token.isPunctuation && BARRIERS.has(token.norm))) break;
        if (this.wordMatches(token, words[k])) {
          next = j;
          break;
        }
      }
      if (next < 0) return undefined;
      matched.push(next);
      previous = next;
    }
    return matched;
  }

  /** The first words of phrases `token` may start, each once (a handful: an array beats a Set here, on every token of every message). */
  private candidateKeys(token: Token): string[] {
    const keys = [token.norm];
    if (token.lemma !== token.norm) keys.push(token.lemma);
    const sameStem = this.stems.get(token.stem);
    if (sameStem) for (const norm of sameStem) if (!keys.includes(norm)) keys.push(norm);
    if (token.unknown) for (const norm of this.fuzzyNeighbours(token.norm)) if (!keys.includes(norm)) keys.push(norm);
    return keys;
  }

  private wordMatches(token: Token, word: PatternWord): boolean {
    if (word.placeholder) return word.placeholder(token);
    if (token.norm === word.norm) return true;
    if (word.base && (token.lemma === word.norm || (word.stem.length >= 4 && token.stem === word.stem))) return true;
    if (!token.unknown || token.isNumber) return false;
    const limit = Math.min(typoAllowance(word.norm.length), typoAllowance(token.norm.length));
    return limit > 0 && token.norm[0] === word.norm[0] && editDistance(token.norm, word.norm, limit) <= limit;
  }

  /** First words of phrases within typo distance of an unknown word (cached: typos repeat). */
  private fuzzyNeighbours(norm: string): string[] {
    const cached = this.fuzzyCache.get(norm);
    if (cached) return cached;
    const result: string[] = [];
    const limit = typoAllowance(norm.length);
    if (limit > 0) {
      for (const key of this.byFirstWord.keys()) {
        if (key[0] === norm[0] && editDistance(norm, key, Math.min(limit, typoAllowance(key.length))) <= Math.min(limit, typoAllowance(key.length))) {
          result.push(key);
        }
      }
    }
    if (this.fuzzyCache.size >= FUZZY_CACHE_LIMIT) this.fuzzyCache.clear();
    this.fuzzyCache.set(norm, result);
    return result;
  }
}

/** Keeps the longest matches that do not share a token, earliest first on ties. */
export function longestNonOverlapping<T>(matches: PhraseMatch<T>[]): PhraseMatch<T>[] {
  const sorted = [...matches].sort((a, b) => b.end - b.start - (a.end - a.start) || b.length - a.length || a.start - b.start);
  const taken = new Set<number>();
  const kept: PhraseMatch<T>[] = [];
  for (const match of sorted) {
    let free = true;
    for (let i = match.start; i <= match.end; i++) if (taken.has(i)) free = false;
    if (!free) continue;
    for (let i = match.start; i <= match.end; i++) taken.add(i);
    kept.push(match);
  }
  return kept.sort((a, b) => a.start - b.start);
}

import MiniSearch, { type SearchResult } from 'minisearch';
import type { KnowledgeEntry } from './knowledge-entry';
import { DEFAULT_KNOWLEDGE_DIR, loadKnowledgeEntries } from './load-knowledge-entries';
import { analyze, searchTerms } from './text-analyzer';

/** What the knowledge base makes of one message. */
export type KnowledgeMatch =
  | { kind: 'answer'; entry: KnowledgeEntry; score: number; also?: KnowledgeEntry }
  | { kind: 'suggest'; entries: KnowledgeEntry[] }
  | { kind: 'none' };

/** The thresholds that decide between answer, suggest and none (scores are MiniSearch BM25 scores). */
export interface KnowledgeSearchOptions {
  /** Below this top score the message is off-topic: 'none'. */
  minScore: number;
  /** At or above this top score, with the margin and the match rule met, the top entry is the answer. */
  answerScore: number;
  /** The top score must be at least this many times the second score, or the match is ambiguous. */
  margin: number;
  /** How many topics a 'suggest' offers at most. */
  maxSuggestions: number;
  /** A part of a question joined by "and", "or"… ("is yoga good for back pain and stress") names its own topic at or above this score. */
  partScore: number;
}

/** Thresholds tuned on test/fixtures/knowledge-paraphrases.json and the off-topic and triage-answer fixtures. */
export const DEFAULT_SEARCH_OPTIONS: Readonly<KnowledgeSearchOptions> = {
  minScore: 4,
  answerScore: 8,
  margin: 1.3,
  maxSuggestions: 3,
  partScore: 25,
};

interface IndexedEntry {
  id: string;
  title: string;
  questions: string;
  keywords: string;
  answer: string;
}

/** The validated knowledge entries with a search index built once at load. */
export class KnowledgeBase {
  private readonly byId: ReadonlyMap<string, KnowledgeEntry>;
  private readonly index: MiniSearch<IndexedEntry>;

  /** Builds the index over `entries` (already validated; see `KnowledgeBase.load`). */
  constructor(
    readonly entries: readonly KnowledgeEntry[],
    private readonly options: Readonly<KnowledgeSearchOptions> = DEFAULT_SEARCH_OPTIONS,
  ) {
    this.byId = new Map(entries.map((entry) => [entry.id, entry]));
    this.index = new MiniSearch<IndexedEntry>({
      fields: ['title', 'questions', 'keywords', 'answer'],
      tokenize: searchTerms,
      processTerm: (term) => term,
      searchOptions: {
        // The query arrives already analyzed (see `search`): split it, do not process it again.
        tokenize: (query) => query.split(' '),
        processTerm: (term) => term,
        boost: { title: 2, questions: 2, keywords: 3, answer: 0.5 },
        fuzzy: (term) => (term.length >= 6 ? 0.2 : false),
        prefix: (term) => term.length >= 5,
        weights: { fuzzy: 0.4, prefix: 0.6 },
      },
    });
    this.index.addAll(
      entries.map((entry) => ({
        id: entry.id,
        title: entry.title,
        questions: entry.questions.join('\n'),
        keywords: entry.keywords.join('\n'),
        answer: entry.answer,
      })),
    );
  }

  /** Loads and validates the entries of `dir` (default `knowledge/`); throws a ContentError naming the file and field. */
  static load(dir: string = DEFAULT_KNOWLEDGE_DIR, options?: Partial<KnowledgeSearchOptions>): KnowledgeBase {
    return new KnowledgeBase(loadKnowledgeEntries(dir), { ...DEFAULT_SEARCH_OPTIONS, ...options });
  }

  /** The entry with this id, if any. */
  get(id: string): KnowledgeEntry | undefined {
    return this.byId.get(id);
  }

  /**
   * Answers a message: 'answer' when one entry wins clearly, 'suggest' (the closest 1–3 topics) when
   * the match is weak or ambiguous, 'none' when off-topic or when the message reads as an answer to a
   * triage question ("lower back", "3 days", "none of these"). A question whose joined parts name two
   * topics that no one entry covers ("is yoga good for back pain and stress") is answered from both
   * (`also`). Pure and synchronous.
   */
  search(text: string): KnowledgeMatch {
    const analyzed = analyze(text);
    if (analyzed.terms.length === 0 || analyzed.looksLikeTriageAnswer) return { kind: 'none' };
    const results = this.index.search(analyzed.terms.join(' '));
    const parts = this.topicsOfParts(text);
    const [top, second] = results;
    if (!top || top.score < this.options.minScore || !matchesTopic(top)) {
      return parts.length >= 2 ? this.bothParts(parts[0].top, parts[1].top) : { kind: 'none' };
    }
    const clearWinner = !second || top.score >= second.score * this.options.margin;
    // A bare topic word ("stretches") is not yet a question: offer it rather than answer it.
    const enoughEvidence = analyzed.isQuestion || top.queryTerms.length >= 2;
    const answers = top.score >= this.options.answerScore && clearWinner && enoughEvidence;
    // A part the best entry hardly matches asks about another topic ("… and stress").
    const uncovered = parts.find((part) => part.top.id !== top.id && (part.results.find((result) => result.id === top.id)?.score ?? 0) < part.top.score / 2);
    if (answers) return { kind: 'answer', entry: this.entryOf(top), score: top.score, ...(uncovered ? { also: this.entryOf(uncovered.top) } : {}) };
    if (parts.length >= 2) return this.bothParts(parts[0].top, parts[1].top);
    const close = results.filter((result) => result.score >= this.options.minScore && result.score >= top.score / 2);
    return { kind: 'suggest', entries: close.slice(0, this.options.maxSuggestions).map((result) => this.entryOf(result)) };
  }

  private bothParts(first: SearchResult, second: SearchResult): KnowledgeMatch {
    return { kind: 'answer', entry: this.entryOf(first), score: first.score, also: this.entryOf(second) };
  }

  /** The parts of a joined question ("… and …", "… or …") that each match one entry strongly, one per entry, in order. */
  private topicsOfParts(text: string): { top: SearchResult; results: SearchResult[] }[] {
    const pieces = text.split(TOPIC_JOINERS);
    if (pieces.length < 2) return [];
    const parts: { top: SearchResult; results: SearchResult[] }[] = [];
    for (const piece of pieces) {
      const terms = searchTerms(piece);
      const results = terms.length > 0 ? this.index.search(terms.join(' ')) : [];
      const [top] = results;
      if (top && top.score >= this.options.partScore && matchesTopic(top) && !parts.some((part) => part.top.id === top.id)) parts.push({ top, results });
    }
    return parts;
  }

  private entryOf(result: SearchResult): KnowledgeEntry {
    return this.byId.get(String(result.id))!;
  }
}

/** Where a question joins two parts that may each name a topic (not a comma: a story lists its facts with commas). */
const TOPIC_JOINERS = /\b(?:and|or|plus|while|when)\b|[?]/i;

/**
 * Whether the best match shares a term with the entry's title or keywords. A message that matches
 * only incidental words of questions or answers ("order a pizza" → "order an MRI") is off-topic.
 */
function matchesTopic(result: SearchResult): boolean {
  return Object.values(result.match).some((fields) => fields.includes('title') || fields.includes('keywords'));
}

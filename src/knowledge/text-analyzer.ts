import winkModel from 'wink-eng-lite-web-model';
import { QUESTION_STARTERS, REQUEST_WORDS, STOPWORDS, SYNONYMS, TRIAGE_ANSWER_WORDS } from './search-vocabulary';

// The Porter stemmer that ships with the wink English model, used on its own (no NLP pipeline).
const stem = winkModel.addons.stem as (word: string) => string;

const PHRASES = Object.keys(SYNONYMS)
  .filter((key) => key.includes(' '))
  .sort((a, b) => b.length - a.length);
const PHRASE_PATTERN = new RegExp(`\\b(?:${PHRASES.map((phrase) => phrase.replace(/ /g, ' +')).join('|')})\\b`, 'g');

/** What the search needs to know about one message. */
export interface AnalyzedText {
  /** Search terms: synonyms folded, stopwords dropped, stemmed; in message order, without repeats. */
  terms: string[];
  /** The message is phrased as a question or a request for information. */
  isQuestion: boolean;
  /** Every content word is a triage-answer word ("lower back", "3 days", "none of these"). */
  looksLikeTriageAnswer: boolean;
}

/** Lower-cases and splits text into words: a possessive or apostrophe is dropped ("back's" → "back"), other punctuation splits ("x-ray" → "x ray"). */
export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]s\b/g, '')
    .replace(/['’]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Turns text (an entry field or a message) into search terms; the same function serves indexing and
 * queries. A phrase synonym replaces the phrase; a one-word synonym adds its canonical term and keeps
 * the word, so that a misspelt word can still reach the original by fuzzy matching.
 */
export function searchTerms(text: string): string[] {
  const folded = words(text)
    .join(' ')
    .replace(PHRASE_PATTERN, (phrase) => SYNONYMS[phrase.replace(/ +/g, ' ')]);
  const terms: string[] = [];
  for (const word of folded.split(' ')) {
    if (!word || STOPWORDS.has(word)) continue;
    terms.push(stem(word));
    const canonical = SYNONYMS[word];
    if (canonical) terms.push(stem(canonical));
  }
  return terms;
}

/** Analyzes a user message for the knowledge search. Pure. */
export function analyze(text: string): AnalyzedText {
  const raw = words(text);
  const content = raw.filter((word) => !STOPWORDS.has(word));
  const isQuestion = text.includes('?') || QUESTION_STARTERS.has(raw[0] ?? '') || raw.some((word) => REQUEST_WORDS.has(word));
  return {
    terms: [...new Set(searchTerms(text))],
    isQuestion,
    looksLikeTriageAnswer: !isQuestion && content.every((word) => TRIAGE_ANSWER_WORDS.has(word) || /^\d+$/.test(word)),
  };
}

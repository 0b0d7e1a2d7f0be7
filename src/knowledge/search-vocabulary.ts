import path from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../content/project-root';
import { readJsonFile } from '../content/read-json-file';

/** Where the knowledge search's word lists live: data a clinician can review, beside the lexicon. */
export const SEARCH_VOCABULARY_FILE = path.join(PROJECT_ROOT, 'dialogs', 'search-vocabulary.json');

const word = z.string().min(1).regex(/^[a-z0-9 ]+$/, 'lower-case words and spaces only');
const searchVocabularySchema = z.strictObject({
  about: z.string().optional(),
  synonyms: z.record(word, word),
  stopwords: z.array(word),
  triageAnswerWords: z.array(word),
  questionStarters: z.array(word),
  requestWords: z.array(word),
});

/** The validated word lists of `dialogs/search-vocabulary.json`; a bad entry stops the boot with a ContentError naming the field. */
export type SearchVocabulary = z.output<typeof searchVocabularySchema>;

/** Loads and validates the search vocabulary (`SEARCH_VOCABULARY_FILE` when no file is given). */
export function loadSearchVocabulary(file = SEARCH_VOCABULARY_FILE): SearchVocabulary {
  return readJsonFile(file, searchVocabularySchema);
}

const vocabulary = loadSearchVocabulary();

/** Phrases and words folded into one canonical term before stemming ("physio" → physiotherapy). */
export const SYNONYMS: Readonly<Record<string, string>> = vocabulary.synonyms;
/** Words that say nothing about the topic. */
export const STOPWORDS: ReadonlySet<string> = new Set(vocabulary.stopwords);
/** Words that answer a triage question: a message made only of these reads as a triage answer. */
export const TRIAGE_ANSWER_WORDS: ReadonlySet<string> = new Set(vocabulary.triageAnswerWords);
/** First words that make a message a question. */
export const QUESTION_STARTERS: ReadonlySet<string> = new Set(vocabulary.questionStarters);
/** Words that, anywhere in a message, mark a request for information. */
export const REQUEST_WORDS: ReadonlySet<string> = new Set(vocabulary.requestWords);

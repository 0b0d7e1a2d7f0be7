export type { Command, Recognizer, Understanding } from './understanding';
export type { Lexicon } from './lexicon-schema';
export { lexiconSchema } from './lexicon-schema';
export { DEFAULT_LEXICON_FILE, loadLexicon } from './load-lexicon';
export { createRecognizer, TextRecognizer, type RecognizerOptions } from './text-recognizer';

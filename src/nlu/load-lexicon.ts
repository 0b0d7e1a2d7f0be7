import path from 'node:path';
import { ContentError } from '../content/content-error';
import { PROJECT_ROOT } from '../content/project-root';
import { readJsonFile } from '../content/read-json-file';
import { lexiconSchema, type Lexicon } from './lexicon-schema';

/** Where the lexicon lives when no other path is given. */
export const DEFAULT_LEXICON_FILE = path.join(PROJECT_ROOT, 'dialogs', 'lexicon.json');

/** Loads and validates `dialogs/lexicon.json`; throws a ContentError naming the file and field (also for an unknown @concept). */
export function loadLexicon(file = DEFAULT_LEXICON_FILE): Lexicon {
  const lexicon = readJsonFile(file, lexiconSchema);
  const problems: string[] = [];
  for (const [slot, entry] of Object.entries(lexicon.redFlags)) {
    for (const kind of ['combos', 'unclear'] as const) {
      entry[kind].forEach((parts, index) =>
        parts.forEach((part, partIndex) => {
          if (part.startsWith('@') && !lexicon.concepts[part.slice(1)]) {
            problems.push(`redFlags.${slot}.${kind}.${index}.${partIndex}: unknown concept "${part}"`);
          }
        }),
      );
    }
  }
  if (problems.length > 0) throw new ContentError(file, problems);
  return lexicon;
}

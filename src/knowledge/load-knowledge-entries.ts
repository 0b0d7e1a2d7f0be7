import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import matter from 'gray-matter';
import { ContentError } from '../content/content-error';
import { PROJECT_ROOT } from '../content/project-root';
import { knowledgeEntrySchema, type KnowledgeEntry } from './knowledge-entry';

/** Where the knowledge entries live when no other folder is given. */
export const DEFAULT_KNOWLEDGE_DIR = path.join(PROJECT_ROOT, 'knowledge');

const MORE_HEADING = /^##\s+More\s*$/m;

/**
 * Reads every `*.md` file of `dir` as one entry and validates it; throws a ContentError naming the
 * file and the field for a malformed entry, a duplicate id, an id that differs from the file name,
 * or a `related` id with no entry. Returns the entries sorted by id.
 */
export function loadKnowledgeEntries(dir = DEFAULT_KNOWLEDGE_DIR): KnowledgeEntry[] {
  const files = readdirSync(dir).filter((name) => name.endsWith('.md')).sort();
  if (files.length === 0) throw new ContentError(dir, ['(root): the folder holds no *.md knowledge entries']);
  const fileById = new Map<string, string>();
  const entries = files.map((name) => {
    const file = path.join(dir, name);
    const entry = parseEntryFile(file);
    const other = fileById.get(entry.id);
    if (other) throw new ContentError(file, [`id: duplicate id "${entry.id}" (also in ${other})`]);
    if (entry.id !== path.basename(name, '.md')) {
      throw new ContentError(file, [`id: "${entry.id}" must equal the file name "${path.basename(name, '.md')}"`]);
    }
    fileById.set(entry.id, file);
    return entry;
  });
  for (const entry of entries) {
    const problems = entry.related.flatMap((id, index) => {
      if (id === entry.id) return [`related.${index}: an entry cannot relate to itself`];
      return fileById.has(id) ? [] : [`related.${index}: no entry has the id "${id}"`];
    });
    if (problems.length > 0) throw new ContentError(fileById.get(entry.id)!, problems);
  }
  return entries;
}

function parseEntryFile(file: string): KnowledgeEntry {
  let parsed: matter.GrayMatterFile<string>;
  try {
    // An empty options object bypasses gray-matter's cache, which is keyed by content alone.
    parsed = matter(readFileSync(file, 'utf8'), {});
  } catch (error) {
    throw new ContentError(file, [`(front matter): ${(error as Error).message}`]);
  }
  const [answer, more, ...extra] = parsed.content.split(MORE_HEADING);
  if (extra.length > 0) throw new ContentError(file, ['more: the body has more than one "## More" heading']);
  const result = knowledgeEntrySchema.safeParse({ ...parsed.data, answer: answer ?? '', more: more?.trim() || undefined });
  if (!result.success) throw ContentError.fromZod(file, result.error);
  return result.data;
}

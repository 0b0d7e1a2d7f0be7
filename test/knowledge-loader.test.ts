import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentError } from '../src/content/content-error';
import { KnowledgeBase, loadKnowledgeEntries } from '../src/knowledge';
import { loadSearchVocabulary } from '../src/knowledge/search-vocabulary';

interface EntryParts {
  id?: string;
  questions?: string[];
  related?: string[];
  body?: string;
  frontMatter?: string;
}

function entryFile({ id = 'alpha', questions, related = [], body, frontMatter }: EntryParts): string {
  const qs = questions ?? ['What is alpha?', 'Tell me about alpha', 'Alpha explained', 'How does alpha work?', 'Is alpha safe?'];
  return [
    '---',
    frontMatter ??
      [
        `id: ${id}`,
        `title: Alpha ${id}`,
        'questions:',
        ...qs.map((q) => `  - ${q}`),
        'sources: ["001"]',
        `related: [${related.join(', ')}]`,
      ].join('\n'),
    '---',
    body ?? 'You can read this short answer in plain words. It has two sentences.\n\n## More\nA longer explanation.',
    '',
  ].join('\n');
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'knowledge-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

function loadError(): ContentError {
  try {
    loadKnowledgeEntries(dir);
  } catch (error) {
    if (error instanceof ContentError) return error;
    throw error;
  }
  throw new Error('expected a ContentError');
}

describe('loadKnowledgeEntries', () => {
  test('loads the project knowledge folder: at least 32 valid entries', () => {
    expect(loadKnowledgeEntries().length).toBeGreaterThanOrEqual(32);
  });

  test('splits the body into the short answer and the "More" section', () => {
    write('alpha.md', entryFile({}));
    const [entry] = loadKnowledgeEntries(dir);
    expect(entry.answer).toBe('You can read this short answer in plain words. It has two sentences.');
    expect(entry.more).toBe('A longer explanation.');
    expect(entry.keywords).toEqual([]);
  });

  test('rejects an entry with too few questions, naming the file and the field', () => {
    const file = write('alpha.md', entryFile({ questions: ['What is alpha?'] }));
    const error = loadError();
    expect(error.file).toBe(file);
    expect(error.message).toContain('alpha.md');
    expect(error.message).toMatch(/questions: .*5/);
  });

  test('rejects an entry with a missing field, naming the field', () => {
    write('alpha.md', entryFile({ frontMatter: 'id: alpha\ntitle: Alpha\nquestions: [a b c, d e f, g h i, j k l, m n o]\nrelated: []' }));
    expect(loadError().message).toMatch(/alpha\.md[\s\S]*sources:/);
  });

  test('rejects an entry without a short answer', () => {
    write('alpha.md', entryFile({ body: '## More\nOnly the long part.' }));
    expect(loadError().message).toMatch(/alpha\.md[\s\S]*answer:/);
  });

  test('rejects front matter that is not valid YAML, naming the file', () => {
    write('alpha.md', entryFile({ frontMatter: 'id: alpha\nquestions: [unclosed' }));
    expect(loadError().message).toContain('alpha.md');
  });

  test('rejects an id that differs from the file name', () => {
    write('alpha.md', entryFile({ id: 'beta' }));
    expect(loadError().message).toMatch(/alpha\.md[\s\S]*id: "beta" must equal the file name "alpha"/);
  });

  test('rejects a duplicate id, naming both files', () => {
    write('alpha.md', entryFile({ id: 'alpha' }));
    write('beta.md', entryFile({ id: 'alpha' }));
    const error = loadError();
    expect(error.file).toContain('beta.md');
    expect(error.message).toMatch(/id: duplicate id "alpha" \(also in .*alpha\.md\)/);
  });

  test('rejects a related id that has no entry', () => {
    write('alpha.md', entryFile({ related: ['gamma'] }));
    expect(loadError().message).toMatch(/alpha\.md[\s\S]*related\.0: no entry has the id "gamma"/);
  });

  test('rejects an empty folder', () => {
    expect(loadError().message).toContain(dir);
  });

  test('KnowledgeBase.load stops with the same ContentError', () => {
    write('alpha.md', entryFile({ questions: [] }));
    expect(() => KnowledgeBase.load(dir)).toThrow(ContentError);
  });
});

describe('the search vocabulary is data (dialogs/search-vocabulary.json)', () => {
  it('loads the shipped file, and a bad entry stops the load naming the field', () => {
    expect(loadSearchVocabulary().synonyms.physio).toBeDefined();
    const dir = mkdtempSync(path.join(tmpdir(), 'vocabulary-'));
    const file = path.join(dir, 'search-vocabulary.json');
    writeFileSync(file, JSON.stringify({ synonyms: {}, stopwords: ['Back!'], triageAnswerWords: [], questionStarters: [], requestWords: [] }));
    try {
      expect(() => loadSearchVocabulary(file)).toThrow(ContentError);
      expect(() => loadSearchVocabulary(file)).toThrow(/stopwords\.0/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ContentError } from '../src/content/content-error';
import { DEFAULT_LEXICON_FILE, loadLexicon } from '../src/nlu';
import { RED_FLAG_SLOTS } from '../src/triage/slots';

const writeVariant = (change: (lexicon: Record<string, any>) => void): string => {
  const lexicon = JSON.parse(readFileSync(DEFAULT_LEXICON_FILE, 'utf8'));
  change(lexicon);
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'lexicon-')), 'lexicon.json');
  writeFileSync(file, JSON.stringify(lexicon));
  return file;
};

describe('loadLexicon', () => {
  it('loads dialogs/lexicon.json with lay words for every red-flag slot', () => {
    const lexicon = loadLexicon();
    for (const slot of RED_FLAG_SLOTS) expect(lexicon.redFlags[slot].phrases.length + lexicon.redFlags[slot].combos.length).toBeGreaterThan(0);
  });

  it('names the file and the field of a bad entry', () => {
    const file = writeVariant((lexicon) => {
      lexicon.redFlags.fever.phrases.push('');
    });
    expect(() => loadLexicon(file)).toThrow(ContentError);
    expect(() => loadLexicon(file)).toThrow(/lexicon\.json[\s\S]*redFlags\.fever\.phrases/);
  });

  it('refuses a missing red-flag slot and an unknown concept', () => {
    expect(() => loadLexicon(writeVariant((lexicon) => delete lexicon.redFlags.nightPain))).toThrow(/redFlags\.nightPain/);
    expect(() => loadLexicon(writeVariant((lexicon) => lexicon.redFlags.fever.combos.push(['@NO_SUCH_CONCEPT', 'back'])))).toThrow(/unknown concept "@NO_SUCH_CONCEPT"/);
  });
});

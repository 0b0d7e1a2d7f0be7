import { readFileSync } from 'node:fs';
import path from 'node:path';
import { KnowledgeBase, type KnowledgeMatch } from '../src/knowledge';

interface Fixture {
  paraphrases: { text: string; id: string }[];
  offTopic: string[];
  triageAnswers: string[];
}

const fixture: Fixture = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'knowledge-paraphrases.json'), 'utf8'));
const kb = KnowledgeBase.load();

function describeMatch(match: KnowledgeMatch): string {
  if (match.kind === 'answer') return `answer ${match.entry.id}`;
  if (match.kind === 'suggest') return `suggest ${match.entries.map((entry) => entry.id).join(', ')}`;
  return 'none';
}

function normalize(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}

describe('KnowledgeBase.search', () => {
  describe.each(kb.entries.map((entry) => [entry.id, entry] as const))('entry %s', (id, entry) => {
    test.each(entry.questions)('is the answer to its own question "%s"', (question) => {
      expect(describeMatch(kb.search(question))).toBe(`answer ${id}`);
    });
  });

  test('the paraphrase fixture is independent of the entries and covers every entry', () => {
    expect(fixture.paraphrases.length).toBeGreaterThanOrEqual(90);
    const ownQuestions = new Set(kb.entries.flatMap((entry) => entry.questions.map(normalize)));
    expect(fixture.paraphrases.filter((p) => ownQuestions.has(normalize(p.text)))).toEqual([]);
    expect(fixture.paraphrases.filter((p) => !kb.get(p.id))).toEqual([]);
    const covered = new Set(fixture.paraphrases.map((p) => p.id));
    expect(kb.entries.map((entry) => entry.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  test('answers held-out paraphrases with the right entry at least 90% of the time', () => {
    const misses = fixture.paraphrases
      .map((p) => ({ ...p, got: describeMatch(kb.search(p.text)) }))
      .filter((p) => p.got !== `answer ${p.id}`);
    const accuracy = 1 - misses.length / fixture.paraphrases.length;
    console.log(
      `knowledge paraphrases: top-1 accuracy ${(accuracy * 100).toFixed(1)}% (${fixture.paraphrases.length - misses.length}/${fixture.paraphrases.length})` +
        misses.map((m) => `\n  miss: "${m.text}" → ${m.got} (expected ${m.id})`).join(''),
    );
    expect(accuracy).toBeGreaterThanOrEqual(0.9);
  });

  test.each(fixture.offTopic)('returns none for the off-topic message "%s"', (text) => {
    expect(kb.search(text)).toEqual({ kind: 'none' });
  });

  test.each(fixture.triageAnswers)('does not answer the triage-answer-like message "%s"', (text) => {
    expect(kb.search(text).kind).not.toBe('answer');
  });

  test.each(['', '   ', '?!', 'back pain'])('returns none when nothing topical is left: "%s"', (text) => {
    expect(kb.search(text)).toEqual({ kind: 'none' });
  });

  test.each([
    ['sore after the gym', ['doms-or-injury', 'workout-back-pain-causes']],
    ['is it serious?', ['is-back-pain-common', 'when-to-see-a-doctor']],
  ])('offers the closest topics instead of guessing for the ambiguous "%s"', (text, expected) => {
    const match = kb.search(text);
    expect(match.kind).toBe('suggest');
    const ids = match.kind === 'suggest' ? match.entries.map((entry) => entry.id) : [];
    expect(ids.length).toBeLessThanOrEqual(3);
    expect(ids).toEqual(expect.arrayContaining(expected));
  });

  test('offers a bare topic word as a suggestion rather than answering it', () => {
    const match = kb.search('stretches');
    expect(match.kind).toBe('suggest');
    expect(match.kind === 'suggest' && match.entries[0].id).toBe('stretches-for-back-pain');
  });

  test('finds the generic entry when a question names a product', () => {
    expect(describeMatch(kb.search('does biofreeze work?'))).toBe('answer topical-creams');
    expect(describeMatch(kb.search('can I take advil for this?'))).toBe('answer over-the-counter-pain-relief');
  });

  test.each([
    ['are smoking and being overweight both bad for your back', ['smoking-and-back-pain', 'weight-and-back-pain']],
    ['is yoga good for back pain and stress', ['stretches-for-back-pain', 'stress-and-back-pain']],
  ])('answers from both entries when the parts of "%s" name two topics', (text, expected) => {
    const match = kb.search(text);
    expect(match.kind === 'answer' ? [match.entry.id, match.also?.id].sort() : match.kind).toEqual([...expected].sort());
  });

  test('a question about one topic gets one answer', () => {
    const match = kb.search('heat or ice?');
    expect(match.kind === 'answer' && match.also).toBeUndefined();
  });

  test('an answer carries a positive score', () => {
    const match = kb.search('heat or ice?');
    expect(match.kind === 'answer' && match.score).toBeGreaterThan(0);
  });
});

describe('KnowledgeBase.get', () => {
  test('returns the entry with that id, or undefined', () => {
    expect(kb.get('heat-or-ice')?.title).toBe('Heat or ice?');
    expect(kb.get('no-such-entry')).toBeUndefined();
  });
});

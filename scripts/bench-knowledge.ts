/**
 * Measures knowledge-base retrieval: searches every paraphrase of test/fixtures/knowledge-paraphrases.json
 * many times and prints the median and p99 time per question in microseconds, plus the load time.
 * Usage: npm run bench:knowledge [-- <rounds>]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../src/content/project-root';
import { KnowledgeBase } from '../src/knowledge';

const rounds = Number(process.argv[2] ?? 200);
const fixture = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'knowledge-paraphrases.json'), 'utf8')) as {
  paraphrases: { text: string }[];
  offTopic: string[];
  triageAnswers: string[];
};
const questions = [...fixture.paraphrases.map((p) => p.text), ...fixture.offTopic, ...fixture.triageAnswers];

const loadStart = performance.now();
const kb = KnowledgeBase.load();
const loadMs = performance.now() - loadStart;

// Warm-up so the JIT has compiled the hot paths before measuring.
for (let i = 0; i < 20; i++) for (const question of questions) kb.search(question);

const samples: number[] = [];
for (let round = 0; round < rounds; round++) {
  for (const question of questions) {
    const start = performance.now();
    kb.search(question);
    samples.push((performance.now() - start) * 1000);
  }
}
samples.sort((a, b) => a - b);
const at = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))];

console.log(`knowledge base: ${kb.entries.length} entries, loaded and indexed in ${loadMs.toFixed(1)} ms`);
console.log(`${questions.length} questions × ${rounds} rounds = ${samples.length} searches`);
console.log(`per question: median ${at(0.5).toFixed(1)} µs, p99 ${at(0.99).toFixed(1)} µs, max ${samples[samples.length - 1].toFixed(1)} µs`);

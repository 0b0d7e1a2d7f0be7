import { performance } from 'node:perf_hooks';
import { createRecognizer } from '../src/nlu';
import { loadDialog } from '../src/triage/load-dialog';
import { loadCorpus } from './eval-nlu';

// Understanding one message must cost well under 2 ms at the 99th percentile (issue 4).
const ROUNDS = 20;

const dialog = loadDialog();
const started = performance.now();
const recognizer = createRecognizer(dialog);
const buildMs = performance.now() - started;
const pendings = [undefined, ...dialog.questions];
const texts = loadCorpus().map((entry) => entry.text);

for (const text of texts) recognizer.understand(text);
const timings: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  texts.forEach((text, index) => {
    const pending = pendings[(index + round) % pendings.length];
    const start = performance.now();
    recognizer.understand(text, pending);
    timings.push(performance.now() - start);
  });
}
timings.sort((a, b) => a - b);
const at = (quantile: number) => timings[Math.min(timings.length - 1, Math.floor(quantile * timings.length))];
process.stdout.write(
  `recognizer built in ${buildMs.toFixed(0)} ms\n` +
    `${timings.length} messages (${texts.length} corpus messages x ${ROUNDS}, each with a pending question or none)\n` +
    `median ${at(0.5).toFixed(3)} ms, p95 ${at(0.95).toFixed(3)} ms, p99 ${at(0.99).toFixed(3)} ms, max ${timings[timings.length - 1].toFixed(3)} ms per message\n`,
);

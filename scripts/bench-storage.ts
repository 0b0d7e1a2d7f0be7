/**
 * Measures what the shared blob store adds to a turn: the same complete triages (card submits over real
 * HTTP with expectReplies) against one server on memory storage and one on blob storage in a local
 * Azurite, interleaved, and prints the per-turn median and p95 of each side by side.
 * Usage: npm run bench:storage [-- <rounds>]
 */
import { performance } from 'node:perf_hooks';
import type { Facts } from '../src/triage/slots';
import { startAzurite } from '../test/support/azurite';
import { HttpTriage, startBotServer } from '../test/support/bot-server';

const rounds = Number(process.argv[2] ?? 15);
const VIGNETTES: Facts[] = [
  {},
  { chestSymptoms: true },
  { fever: true },
  { radiation: 'below_knee', character: 'shooting_burning' },
  { onset: 'workout', workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false, durationDays: 2 },
  { durationDays: 7, improving: false },
];

/** Runs one triage to its outcome, appending each turn's round-trip time in ms to `samples`. */
async function timedTriage(url: string, conversationId: string, facts: Facts, samples: number[]): Promise<void> {
  const triage = new HttpTriage(conversationId, facts);
  while (!triage.done) {
    const start = performance.now();
    await triage.turn(url);
    samples.push(performance.now() - start);
  }
}

const percentile = (samples: number[], q: number) => {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

async function main(): Promise<void> {
  const azurite = await startAzurite();
  const memory = await startBotServer({ STORAGE: 'memory' });
  const blob = await startBotServer({ STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'bench' });
  try {
    const samples = { memory: [] as number[], blob: [] as number[] };
    // Warm-up: JIT, HTTP keep-alive and the blob container's creation are not what is measured.
    await timedTriage(memory.url, 'warm-memory', {}, []);
    await timedTriage(blob.url, 'warm-blob', {}, []);
    for (let round = 0; round < rounds; round += 1) {
      for (const [index, facts] of VIGNETTES.entries()) {
        // Alternating which store goes first spreads the shared machine's load evenly over both.
        const order = (round + index) % 2 === 0 ? (['memory', 'blob'] as const) : (['blob', 'memory'] as const);
        for (const store of order) {
          await timedTriage(store === 'memory' ? memory.url : blob.url, `${store}-${round}-${index}`, facts, samples[store]);
        }
      }
    }
    const row = (name: string, values: number[]) =>
      `${name.padEnd(22)} ${percentile(values, 0.5).toFixed(2).padStart(8)} ${percentile(values, 0.95).toFixed(2).padStart(8)}`;
    console.log(`${rounds} rounds × ${VIGNETTES.length} triages; ${samples.memory.length} turns per store (HTTP round trip, ms)`);
    console.log(`${''.padEnd(22)} ${'median'.padStart(8)} ${'p95'.padStart(8)}`);
    console.log(row('memory', samples.memory));
    console.log(row('blob (Azurite)', samples.blob));
    const added = (q: number) => (percentile(samples.blob, q) - percentile(samples.memory, q)).toFixed(2).padStart(8);
    console.log(`${'added by blob storage'.padEnd(22)} ${added(0.5)} ${added(0.95)}`);
  } finally {
    await Promise.all([memory.close(), blob.close()]);
    await azurite.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

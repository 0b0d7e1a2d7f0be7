/**
 * Two builds of the bot side by side, for a change too small for `npm run bench` to show through the
 * host's noise: fresh pairs of server processes (A and B; a process's own JIT and memory layout move its
 * CPU per turn by a few percent, so one pair is not enough) each get the same scripted triages at
 * concurrency 10, alternating, and the script prints each pair's CPU per turn and the median B ÷ A.
 * Usage: npm run bench:ab -- <A>/dist/scripts/bench-server.js <B>/dist/scripts/bench-server.js [pairs]
 * (build each first, e.g. A in a `git worktree` of the commit before the change).
 */
import { LoopbackClient, median, runLoad, scriptedTriage, type ServerProcess, startServerProcess } from './bench-driver';

const [fileA, fileB] = process.argv.slice(2, 4);
const PAIRS = Number(process.argv[4] ?? 8);
const CONCURRENCY = 10;
const ROUNDS = 4;
const CONVERSATIONS = 150;

let session = 0;

/** CPU µs of `server` per turn over `conversations` scripted triages. */
async function cpuPerTurn(server: ServerProcess, conversations: number): Promise<number> {
  const client = new LoopbackClient(server.url, CONCURRENCY);
  const before = await server.usage();
  const result = await runLoad(conversations, CONCURRENCY, (index) => scriptedTriage(client, `ab-${process.pid}-${(session += 1)}-${index}`));
  const after = await server.usage();
  client.close();
  if (result.errors > 0) throw new Error(`${result.errors} failed conversations`);
  return (after.cpuMicros - before.cpuMicros) / result.turns;
}

async function main(): Promise<void> {
  if (!fileA || !fileB) throw new Error('usage: npm run bench:ab -- <A bench-server.js> <B bench-server.js> [pairs]');
  const ratios: number[] = [];
  for (let pair = 0; pair < PAIRS; pair += 1) {
    const [a, b] = await Promise.all([startServerProcess('bot', [], fileA), startServerProcess('bot', [], fileB)]);
    try {
      await cpuPerTurn(a, 60); // warm-up, not counted
      await cpuPerTurn(b, 60);
      const samplesA: number[] = [];
      const samplesB: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        // Who goes first alternates, so a drift of the host's load does not favour either.
        const first = (round + pair) % 2 === 0;
        if (first) samplesA.push(await cpuPerTurn(a, CONVERSATIONS));
        samplesB.push(await cpuPerTurn(b, CONVERSATIONS));
        if (!first) samplesA.push(await cpuPerTurn(a, CONVERSATIONS));
      }
      const [cpuA, cpuB] = [median(samplesA), median(samplesB)];
      ratios.push(cpuB / cpuA);
      console.log(`pair ${pair + 1}: A ${cpuA.toFixed(0)} µs/turn, B ${cpuB.toFixed(0)} µs/turn, B ÷ A ${(cpuB / cpuA).toFixed(3)}`);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }
  console.log(`CPU per turn B ÷ A: median ${median(ratios).toFixed(3)} over ${PAIRS} pairs (range ${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`);
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

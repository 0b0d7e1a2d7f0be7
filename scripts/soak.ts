/**
 * Soak: 50 conversations at once against the bot in a child process (scripts/bench-server.ts, built) for one
 * minute. Each of the 50 users runs complete scripted triages back to back in its own conversation
 * ("restart" begins the next), so the store holds 50 records and any growth is a leak. Samples the
 * server's RSS and heap (after a full GC) every 5 s and prints them, the turns, the errors (must be 0) and the heap
 * growth from the first sample after warm-up to the last.
 * Usage: npm run bench:soak [-- <seconds>]
 */
import { LoopbackClient, SCRIPTED_DISPOSITION, scriptedTriage, startServerProcess } from './bench-driver';

const SECONDS = Number(process.argv[2] ?? 60);
const USERS = 50;
const SAMPLE_MS = 5_000;

async function main(): Promise<void> {
  const bot = await startServerProcess('bot', ['--expose-gc']);
  const client = new LoopbackClient(bot.url, USERS);
  const deadline = Date.now() + SECONDS * 1000;
  let turns = 0;
  let errors = 0;
  let triages = 0;
  const samples: string[] = [];
  const heaps: number[] = [];
  const started = Date.now();
  const sampler = setInterval(() => {
    void bot.usage(true).then((usage) => {
      heaps.push(usage.heapUsed);
      samples.push(
        `${String(Math.round((Date.now() - started) / 1000)).padStart(4)} s  RSS ${(usage.rss / 1048576).toFixed(1).padStart(6)} MB  heap ${(usage.heapUsed / 1048576).toFixed(1).padStart(6)} MB  turns ${String(turns).padStart(7)}  errors ${errors}`,
      );
      console.log(samples.at(-1));
    });
  }, SAMPLE_MS);

  await Promise.all(
    Array.from({ length: USERS }, async (_, user) => {
      for (let round = 0; Date.now() < deadline; round += 1) {
        const run = await scriptedTriage(client, `soak-${user}`, round === 0 ? 'hello' : 'restart');
        turns += run.latencies.length;
        triages += 1;
        if (run.errors > 0 || run.disposition !== SCRIPTED_DISPOSITION) errors += 1;
      }
    }),
  );
  clearInterval(sampler);
  client.close();
  await bot.stop();
  const seconds = (Date.now() - started) / 1000;
  // The first two samples include warm-up (JIT, lazy loading, the heap finding its size).
  const settled = heaps.slice(2);
  const growth = settled.length > 1 ? (settled.at(-1)! - settled[0]) / 1048576 : NaN;
  console.log(
    `\n${USERS} users, ${seconds.toFixed(0)} s: ${triages} triages, ${turns} turns (${(turns / seconds).toFixed(0)} turns/s), ${errors} errors; ` +
      `heap ${settled.length > 1 ? `${(settled[0] / 1048576).toFixed(1)} → ${(settled.at(-1)! / 1048576).toFixed(1)} MB (${growth >= 0 ? '+' : ''}${growth.toFixed(1)} MB)` : 'n/a'} from the third sample on`,
  );
  if (errors > 0) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

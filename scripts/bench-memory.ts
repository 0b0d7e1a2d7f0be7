/**
 * Memory held per conversation: runs real turns over loopback HTTP against the whole app in this
 * process (in-memory store, silent logs, rate limits off) until 10,000 conversations are stored — every
 * tenth a complete triage, the others the first four turns (typed and card answers) — then prints the
 * heap growth per conversation and the size of one stored record (max, p95, median of the JSON the
 * store holds). The stored record must stay under 4 kB.
 * Usage: npm run bench:memory [-- <conversations>]   (runs node with --expose-gc for exact heap figures)
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/build-app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/create-logger';
import { GuardedMemoryStorage } from '../src/state/guarded-memory-storage';
import { LoopbackClient, messageActivity, percentile, runLoad, scriptedTriage, type ConversationRun, type TurnInput } from './bench-driver';

const CONVERSATIONS = Number(process.argv[2] ?? 10_000);
const LIMIT_BYTES = 4096;
const PARTIAL: TurnInput[] = [{ text: 'hello' }, { text: 'none of these' }, { value: { fever: false, weightLoss: false } }, { text: 'lower back' }];

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

async function main(): Promise<void> {
  const storage = new GuardedMemoryStorage();
  const app = buildApp(loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE_CLIENT: '0', RATE_LIMIT_PER_MINUTE_CONVERSATION: '0' }), {
    logger: createLogger('silent'),
    storage,
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const client = new LoopbackClient(`http://127.0.0.1:${(app.server.address() as AddressInfo).port}`, 10);
  // Warm up (JIT, lazy loading) on conversations that are deleted again before measuring.
  await runLoad(50, 10, (index) => scriptedTriage(client, `warm-${index}`));
  await storage.delete(Array.from({ length: 50 }, (_, index) => `triage/webchat/warm-${index}`));
  const before = heapUsed();
  const rssBefore = process.memoryUsage().rss;

  const started = Date.now();
  const result = await runLoad(CONVERSATIONS, 10, async (index): Promise<ConversationRun> => {
    if (index % 10 === 0) return scriptedTriage(client, `mem-${index}`);
    const run: ConversationRun = { latencies: [], inputs: PARTIAL, errors: 0 };
    for (const input of PARTIAL) {
      const response = await client.post('/api/messages', messageActivity(`mem-${index}`, input));
      run.latencies.push(0);
      if (response.status !== 200) run.errors += 1;
    }
    return run;
  });
  client.close();
  const after = heapUsed();
  const rssAfter = process.memoryUsage().rss;

  const stored = await storage.read(storage.keys().filter((key) => key.startsWith('triage/')));
  const sizes = Object.values(stored).map((item) => Buffer.byteLength(JSON.stringify(item.record)));
  const max = Math.max(...sizes);
  console.log(`${sizes.length} conversations stored from ${result.turns} turns in ${((Date.now() - started) / 1000).toFixed(1)} s, ${result.errors} errors`);
  console.log(`stored record (JSON bytes): median ${percentile(sizes, 50)}, p95 ${percentile(sizes, 95)}, max ${max} (limit ${LIMIT_BYTES})`);
  console.log(
    `heap: ${(before / 1048576).toFixed(1)} MB → ${(after / 1048576).toFixed(1)} MB after GC, ${((after - before) / sizes.length).toFixed(0)} bytes per conversation; ` +
      `RSS ${(rssBefore / 1048576).toFixed(0)} MB → ${(rssAfter / 1048576).toFixed(0)} MB`,
  );
  await new Promise<void>((resolve) => app.server.close(() => resolve()));
  if (result.errors > 0 || sizes.length < CONVERSATIONS || max >= LIMIT_BYTES) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

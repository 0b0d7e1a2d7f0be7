/**
 * Start-up time as an operator sees it: spawns the built bot (`node dist/src/index.js`, after `npm run
 * build`) on a free loopback port and times from the spawn to the first 200 on POST /api/messages (a
 * real message turn with expectReplies), five times; prints each and the median (target: under 2 s).
 * Usage: npm run bench:startup
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { median, messageActivity } from './bench-driver';

const ENTRY = path.join(__dirname, '..', 'dist', 'src', 'index.js');
const RUNS = 5;
const GIVE_UP_MS = 20_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function firstAnswer(port: number): Promise<number> {
  const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const start = performance.now();
  try {
    while (performance.now() - start < GIVE_UP_MS) {
      if (child.exitCode !== null) throw new Error(`the bot exited with ${child.exitCode}`);
      try {
        const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(messageActivity('startup', { text: 'hello' })),
        });
        if (response.status === 200) return performance.now() - start;
      } catch {
        // Not listening yet.
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    throw new Error(`no answer within ${GIVE_UP_MS} ms`);
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
}

async function main(): Promise<void> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first`);
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) times.push(await firstAnswer(await freePort()));
  console.log(`spawn → first 200 on /api/messages (ms): ${times.map((ms) => ms.toFixed(0)).join(', ')}; median ${median(times).toFixed(0)} (target < 2000)`);
  if (median(times) >= 2000) process.exitCode = 1;
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

/**
 * Many Web Chat users behind one address (a clinic's or an office's NAT), at the default settings: spawns
 * the built bot (`node dist/src/index.js`, after `npm run build`), opens USERS conversations from one
 * loopback address through the page's token route, and has each poll its activities once a second (Web
 * Chat's default polling interval) and post a message every 15 s, for SECONDS. Prints the requests by
 * status and the poll latency; exits 1 if any request got 429.
 * Usage: npm run bench:polling [-- USERS SECONDS]   (defaults 200 users, 70 s: past a full minute of buckets)
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freeTcpPort } from '../test/support/bot-process';
import { percentile } from './bench-driver';

const ENTRY = path.join(__dirname, '..', 'dist', 'src', 'index.js');
const POLL_MS = 1_000;
const POST_EVERY_POLLS = 15;
const MESSAGES = ['hello', 'lower back', 'is heat or ice better?', '3 days', 'what can I do at home?'];

interface Tally {
  statuses: Map<number, number>;
  pollMs: number[];
}

function count(tally: Tally, status: number): void {
  tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1);
}

async function waitForHealth(base: string): Promise<void> {
  for (let attempt = 0; attempt < 400; attempt += 1) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the bot did not come up');
}

async function user(base: string, index: number, until: number, tally: Tally): Promise<void> {
  // Spread the users' first requests over one polling interval, as real arrivals are.
  await new Promise((resolve) => setTimeout(resolve, (index * POLL_MS) / 200));
  const start = await fetch(`${base}/api/directline/token`, { method: 'POST' });
  count(tally, start.status);
  if (start.status !== 200) return;
  const { conversationId, token } = (await start.json()) as { conversationId: string; token: string };
  const url = `${base}/v3/directline/conversations/${conversationId}/activities`;
  const headers = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  let watermark = '';
  for (let poll = 0; performance.now() < until; poll += 1) {
    const began = performance.now();
    if (poll % POST_EVERY_POLLS === POST_EVERY_POLLS - 1) {
      const text = MESSAGES[(poll / POST_EVERY_POLLS) % MESSAGES.length | 0];
      const posted = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ type: 'message', from: { id: 'me' }, text }) });
      count(tally, posted.status);
      await posted.arrayBuffer();
    }
    const polled = await fetch(`${url}${watermark ? `?watermark=${watermark}` : ''}`, { headers });
    count(tally, polled.status);
    tally.pollMs.push(performance.now() - began);
    if (polled.status === 200) watermark = ((await polled.json()) as { watermark: string }).watermark;
    else await polled.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, POLL_MS - (performance.now() - began))));
  }
}

async function main(): Promise<void> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run npm run build first`);
  const users = Number(process.argv[2] ?? 200);
  const seconds = Number(process.argv[3] ?? 70);
  const port = await freeTcpPort();
  // Default settings: only the port and the log level are set.
  const child = spawn(process.execPath, [ENTRY], { env: { PATH: process.env.PATH, PORT: String(port), LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(base);
    const tally: Tally = { statuses: new Map(), pollMs: [] };
    const until = performance.now() + seconds * 1000;
    await Promise.all(Array.from({ length: users }, (_, index) => user(base, index, until, tally)));
    const total = [...tally.statuses.values()].reduce((sum, n) => sum + n, 0);
    const byStatus = [...tally.statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}: ${n}`).join(', ');
    console.log(`${users} users behind one address, ${seconds} s, default settings: ${total} requests (${(total / seconds).toFixed(0)}/s; ${byStatus})`);
    console.log(`poll (with its post, every ${POST_EVERY_POLLS}th) ms: p50 ${percentile(tally.pollMs, 50).toFixed(1)}, p99 ${percentile(tally.pollMs, 99).toFixed(1)}`);
    if (tally.statuses.has(429)) process.exitCode = 1;
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(undefined)));
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});

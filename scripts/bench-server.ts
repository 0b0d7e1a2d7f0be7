/**
 * The server side of `npm run bench` and `npm run bench:soak`, run as a child process so its CPU time
 * is its own: `bot` (the whole app, silent logs, rate limits off: every request comes from one
 * address) or `echo` (scripts/echo-bot.ts). Listens on 127.0.0.1, reports its port over IPC, answers
 * `{ cmd: 'usage' }` with its CPU time and memory (after a full GC when `gc` is set and node runs with
 * --expose-gc), and exits on `{ cmd: 'exit' }` (so --cpu-prof is written).
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../src/build-app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/create-logger';
import { createEchoServer } from './echo-bot';

/** What the child reports when asked. */
export interface ServerUsage {
  cpuMicros: number;
  rss: number;
  heapUsed: number;
}

const kind = process.argv[2];
const server =
  kind === 'echo'
    ? createEchoServer()
    : buildApp(loadConfig({ LOG_LEVEL: 'silent', RATE_LIMIT_PER_MINUTE_CLIENT: '0', RATE_LIMIT_PER_MINUTE_CONVERSATION: '0' }), {
        logger: createLogger('silent'),
      }).server;

server.listen(0, '127.0.0.1', () => {
  process.send!({ port: (server.address() as AddressInfo).port });
});
process.on('message', (message: { cmd: string; gc?: boolean }) => {
  if (message.cmd === 'usage') {
    if (message.gc) (globalThis as { gc?: () => void }).gc?.();
    const cpu = process.cpuUsage();
    const memory = process.memoryUsage();
    process.send!({ usage: { cpuMicros: cpu.user + cpu.system, rss: memory.rss, heapUsed: memory.heapUsed } satisfies ServerUsage });
  } else if (message.cmd === 'exit') {
    server.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

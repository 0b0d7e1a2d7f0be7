import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { PROJECT_ROOT } from '../../src/content/project-root';

/** A port that was free a moment ago (the bot's PORT=0 would not tell us which it took). */
export function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** The real server (`src/index.ts` through tsx) running as a child process. */
export interface BotProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Every JSON log line it printed so far. */
  logs: Array<Record<string, unknown>>;
}

/** Starts `src/index.ts` with `env` (on top of this process's environment); resolves once it logs that it listens. */
export async function startBotProcess(env: NodeJS.ProcessEnv): Promise<BotProcess> {
  const port = await freeTcpPort();
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  return new Promise((resolve, reject) => {
    let output = '';
    let pending = '';
    const onExit = (code: number | null) => reject(new Error(`bot exited (${code}) before listening:\n${output}`));
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        try {
          logs.push(JSON.parse(line) as Record<string, unknown>);
        } catch {
          // Not a log line.
        }
      }
      if (logs.some((line) => line.msg === 'bot listening')) {
        child.off('exit', onExit);
        resolve({ url: `http://127.0.0.1:${port}`, port, child, logs });
      }
    });
  });
}

/** Kills the process with SIGKILL (no shutdown, no drain) and resolves once it is gone. */
export function killHard(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

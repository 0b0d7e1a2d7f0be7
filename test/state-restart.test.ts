import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { PROJECT_ROOT } from '../src/content/project-root';
import { loadDialog } from '../src/triage/load-dialog';
import type { Facts } from '../src/triage/slots';
import { TriageEngine } from '../src/triage/triage-engine';
import { startAzurite, type Azurite } from './support/azurite';
import { HttpTriage } from './support/bot-server';
import { runVignette } from './support/run-vignette';

const dialog = loadDialog();

/** A port that was free a moment ago (the bot's PORT=0 would not tell us which it took). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Runs the real server (`src/index.ts` through tsx) as a child process; resolves with its URL once it logs that it listens. */
async function startBotProcess(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--require', 'tsx/cjs', 'src/index.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env, PORT: String(port), LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const onExit = (code: number | null) => reject(new Error(`bot exited (${code}) before listening:\n${output}`));
    child.once('exit', onExit);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes('"msg":"bot listening"')) return;
      child.off('exit', onExit);
      resolve({ url: `http://127.0.0.1:${port}`, child });
    });
  });
}

function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

let azurite: Azurite;
let running: ChildProcess | undefined;
beforeAll(async () => (azurite = await startAzurite()));
afterAll(async () => {
  if (running && running.exitCode === null && running.signalCode === null) await killHard(running);
  await azurite?.stop();
});

it('continues a triage at the same question after the bot process is killed with SIGKILL and started again', async () => {
  const env = { STORAGE: 'blob', BLOB_CONNECTION_STRING: azurite.connectionString, BLOB_CONTAINER: 'restart' };
  const facts: Facts = { radiation: 'below_knee', character: 'shooting_burning' };
  const expected = runVignette(new TriageEngine(dialog), facts);
  const triage = new HttpTriage('killed-mid-triage', facts);

  const before = await startBotProcess(env);
  running = before.child;
  for (let turn = 0; turn < 4; turn += 1) await triage.turn(before.url);
  expect(triage.asked).toEqual(expected.asked.slice(0, 4));
  await killHard(before.child);

  const after = await startBotProcess(env);
  running = after.child;
  const firstReplies = await triage.turn(after.url);
  expect(firstReplies.map((reply) => reply.text)).not.toContain(dialog.messages.graphUpdated);
  expect(firstReplies.some((reply) => reply.text?.startsWith(dialog.welcome.slice(0, 20)))).toBe(false);
  while (!triage.done) await triage.turn(after.url);

  expect(triage.asked).toEqual(expected.asked);
  expect(new Set(triage.asked).size).toBe(triage.asked.length);
  expect(triage.outcome!.disposition).toBe(expected.outcome.disposition);
  await killHard(after.child);
});

import type { ChildProcess } from 'node:child_process';
import { loadDialog } from '../src/triage/load-dialog';
import type { Facts } from '../src/triage/slots';
import { TriageEngine } from '../src/triage/triage-engine';
import { startAzurite, type Azurite } from './support/azurite';
import { HttpTriage } from './support/bot-server';
import { killHard, startBotProcess } from './support/bot-process';
import { runVignette } from './support/run-vignette';

const dialog = loadDialog();

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
  expect(firstReplies.some((reply) => reply.text?.startsWith(dialog.welcome.slice(0, 20)))).toBe(false);
  while (!triage.done) await triage.turn(after.url);

  expect(triage.asked).toEqual(expected.asked);
  expect(new Set(triage.asked).size).toBe(triage.asked.length);
  expect(triage.outcome!.disposition).toBe(expected.outcome.disposition);
  await killHard(after.child);
});

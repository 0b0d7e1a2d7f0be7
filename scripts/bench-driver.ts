/**
 * The load driver shared by `npm run bench`, `bench:memory` and `bench:soak`: a keep-alive HTTP
 * client for loopback (node:http, no dependency), a scripted triage user that mixes typed answers,
 * a knowledge question and card submits, and a worker pool that runs conversations at a concurrency.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PROJECT_ROOT } from '../src/content/project-root';
import type { ServerUsage } from './bench-server';

/** What the user sends in one turn: typed text or a card submit. */
export type TurnInput = { text: string } | { value: Record<string, unknown> };

/** A reply in an expectReplies response body, as far as the driver reads it. */
interface Reply {
  channelData?: { triage?: { questionId?: string; slots?: string[]; outcome?: { disposition: string } } };
}

/** A keep-alive HTTP client for one server on loopback. */
export class LoopbackClient {
  private readonly agent: http.Agent;

  constructor(readonly url: string, maxSockets: number) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  /** POSTs `body` as JSON to `path`; resolves with the status and the parsed body (undefined if empty). */
  post(pathname: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const payload = typeof body === 'string' ? body : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const request = http.request(
        `${this.url}${pathname}`,
        { method: 'POST', agent: this.agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let parsed: unknown;
            try {
              parsed = text ? JSON.parse(text) : undefined;
            } catch {
              parsed = text;
            }
            resolve({ status: response.statusCode ?? 0, body: parsed });
          });
          response.on('error', reject);
        },
      );
      request.on('error', reject);
      request.end(payload);
    });
  }

  /** Closes the pooled sockets. */
  close(): void {
    this.agent.destroy();
  }
}

/** The activity a Web Chat user sends, with expectReplies so the replies come back in the response; `fields` (the turn's text or value, or overrides) go last. */
export function messageActivity(conversationId: string, fields: TurnInput | Record<string, unknown>): Record<string, unknown> {
  return {
    type: 'message',
    deliveryMode: 'expectReplies',
    channelId: 'webchat',
    serviceUrl: 'http://127.0.0.1/',
    conversation: { id: conversationId },
    from: { id: `user-${conversationId}` },
    recipient: { id: 'bot' },
    locale: 'en-GB',
    ...fields,
  };
}

// Benign answers: the scripted user has ordinary lower-back pain for a few days (self care).
const CARD_ANSWERS: Record<string, unknown> = {
  bladderBowel: false, saddleNumbness: false, bothLegsWeak: false, chestSymptoms: false, majorTrauma: false,
  fever: false, weightLoss: false, cancerHistory: false, legWeakness: false, legNumbness: false, nightPain: false,
  urinarySymptoms: false, osteoporosis: false, location: 'lower', onset: 'lifting_twisting', durationDays: 3,
  improving: true, character: 'dull_ache', radiation: 'none', worseWithCoughSitting: false, pregnant: false,
  fattyMeals: false, workoutTiming: 'next_day', bothSides: true, swellingOrBruising: false,
};
// Questions the scripted user answers in words, as people type them.
const TYPED_ANSWERS: Record<string, string> = {
  'emergency-screen': 'none of these',
  location: 'lower back',
  duration: '3 days',
};
/** The disposition the scripted user must reach (policy: benign lower-back pain of 3 days). */
export const SCRIPTED_DISPOSITION = 'self_care';

/** One finished conversation: its turns' latencies (ms), what was sent, and the disposition reached. */
export interface ConversationRun {
  latencies: number[];
  inputs: TurnInput[];
  disposition?: string;
  errors: number;
}

/**
 * A complete triage as a scripted user: `opening` ("hello"; "restart" to start a concluded one over), then each pending question answered in words where
 * TYPED_ANSWERS has one and by card submit otherwise, with a knowledge question ("heat or ice?") after
 * the duration. Stops at the outcome, at a non-200, or after 40 turns.
 */
export async function scriptedTriage(client: LoopbackClient, conversationId: string, opening = 'hello'): Promise<ConversationRun> {
  const run: ConversationRun = { latencies: [], inputs: [], errors: 0 };
  let input: TurnInput = { text: opening };
  let askedKnowledge = false;
  for (let turn = 0; turn < 40; turn += 1) {
    run.inputs.push(input);
    const start = performance.now();
    const response = await client.post('/api/messages', messageActivity(conversationId, input));
    run.latencies.push(performance.now() - start);
    if (response.status !== 200) {
      run.errors += 1;
      return run;
    }
    const replies = (response.body as { activities?: Reply[] } | undefined)?.activities ?? [];
    const outcome = replies.map((reply) => reply.channelData?.triage?.outcome).find(Boolean);
    if (outcome) {
      run.disposition = outcome.disposition;
      return run;
    }
    const pending = replies.map((reply) => reply.channelData?.triage).filter((triage) => triage?.questionId).at(-1);
    if (!pending) {
      run.errors += 1;
      return run;
    }
    if (!askedKnowledge && pending.questionId !== 'emergency-screen' && run.inputs.some((sent) => 'text' in sent && sent.text === '3 days')) {
      askedKnowledge = true;
      input = { text: 'heat or ice?' };
    } else if (TYPED_ANSWERS[pending.questionId!]) {
      input = { text: TYPED_ANSWERS[pending.questionId!] };
    } else {
      input = { value: Object.fromEntries((pending.slots ?? []).map((slot) => [slot, CARD_ANSWERS[slot]])) };
    }
  }
  run.errors += 1;
  return run;
}

/** Sends `inputs` one after another (the echo bot gets the same turns as the bot). */
export async function replayConversation(client: LoopbackClient, conversationId: string, inputs: TurnInput[]): Promise<ConversationRun> {
  const run: ConversationRun = { latencies: [], inputs, errors: 0 };
  for (const input of inputs) {
    const start = performance.now();
    const response = await client.post('/api/messages', messageActivity(conversationId, input));
    run.latencies.push(performance.now() - start);
    if (response.status !== 200) run.errors += 1;
  }
  return run;
}

/** The result of running conversations through a pool of workers. */
export interface LoadResult {
  turns: number;
  wallMs: number;
  latencies: number[];
  errors: number;
  dispositions: Map<string, number>;
}

/** Runs `count` conversations with `concurrency` workers; `conversation(i)` runs the i-th. */
export async function runLoad(count: number, concurrency: number, conversation: (index: number) => Promise<ConversationRun>): Promise<LoadResult> {
  const result: LoadResult = { turns: 0, wallMs: 0, latencies: [], errors: 0, dispositions: new Map() };
  let next = 0;
  const start = performance.now();
  const worker = async () => {
    while (next < count) {
      const run = await conversation(next++);
      result.turns += run.latencies.length;
      result.latencies.push(...run.latencies);
      result.errors += run.errors;
      const disposition = run.disposition ?? 'none';
      result.dispositions.set(disposition, (result.dispositions.get(disposition) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  result.wallMs = performance.now() - start;
  return result;
}

/** The p-th percentile (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** The median of `values`. */
export function median(values: number[]): number {
  return percentile(values, 50);
}

/** A server running in a child process (scripts/bench-server.ts, compiled). */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** CPU time and memory of the server so far; `gc`: after a full collection (needs --expose-gc). */
  usage(gc?: boolean): Promise<ServerUsage>;
  stop(): Promise<void>;
}

/** The compiled server (`npm run build`): what `npm start` runs, not tsx's on-the-fly transform of the sources. */
const COMPILED_SERVER = path.join(PROJECT_ROOT, 'dist', 'scripts', 'bench-server.js');

/**
 * Starts `bot` or `echo` in a child process from the build (the npm scripts build first); `nodeArgs` e.g.
 * ['--cpu-prof']; `serverFile`: another build's bench-server.js (bench:ab compares two builds).
 */
export function startServerProcess(kind: 'bot' | 'echo', nodeArgs: string[] = [], serverFile = COMPILED_SERVER): Promise<ServerProcess> {
  if (!existsSync(serverFile)) return Promise.reject(new Error(`${serverFile} is missing: run npm run build first`));
  const child = fork(serverFile, [kind], { execArgv: nodeArgs, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${code}) before listening`)));
    child.once('message', (message: { port: number }) => {
      resolve({
        url: `http://127.0.0.1:${message.port}`,
        child,
        usage: (gc = false) =>
          new Promise((done) => {
            child.once('message', (reply: { usage: ServerUsage }) => done(reply.usage));
            child.send({ cmd: 'usage', gc });
          }),
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            child.once('exit', () => done());
            child.send({ cmd: 'exit' });
          }),
      });
    });
  });
}

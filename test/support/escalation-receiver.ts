import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a test receiver got. */
export interface ReceivedRequest {
  method: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How the receiver answers request number `index` (0-based): a status, or 'hang' to never answer. */
export type Answer = (index: number) => number | 'hang';

/** A real HTTP receiver on 127.0.0.1 for the escalation tests. */
export class TestReceiver {
  readonly requests: ReceivedRequest[] = [];
  private readonly hanging: ServerResponse[] = [];
  private readonly open = new Set<ServerResponse>();
  private waiters: Array<{ count: number; resolve: () => void }> = [];
  private server?: Server;

  constructor(private readonly answer: Answer = () => 200) {}

  /** Listens on `port` (0: a random free port); resolves to the port. */
  async listen(port = 0): Promise<number> {
    const server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const index = this.requests.length;
        this.requests.push({ method: request.method ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        this.waiters = this.waiters.filter((waiter) => (this.requests.length >= waiter.count ? (waiter.resolve(), false) : true));
        const answer = this.answer(index);
        if (answer === 'hang') {
          this.hanging.push(response);
          this.open.add(response);
          // 'close' before an answer means the client gave up on the request.
          response.on('close', () => this.open.delete(response));
        } else {
          response.statusCode = answer;
          response.end();
        }
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  /** Resolves once `count` requests have arrived. */
  waitForRequests(count: number): Promise<void> {
    if (this.requests.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  /** How many unanswered requests the client still holds open. */
  get openRequests(): number {
    return this.open.size;
  }

  /** Answers every hanging request with `status`. */
  release(status = 200): void {
    for (const response of this.hanging.splice(0)) {
      response.statusCode = status;
      response.end();
    }
  }

  async close(): Promise<void> {
    this.release(503);
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** A port that was free a moment ago and has nothing listening on it now. */
export async function freePort(): Promise<number> {
  const receiver = new TestReceiver();
  const port = await receiver.listen();
  await receiver.close();
  return port;
}

/** Polls `check` until it holds; the jest timeout bounds the wait. */
export async function eventually(check: () => Promise<boolean> | boolean, pollMs = 20): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, pollMs));
}

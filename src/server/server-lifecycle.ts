import type restify from 'restify';

/**
 * Whether the server is draining, and how many requests are being answered: the shutdown waits for
 * the count to reach zero, /healthz reports `draining`, and new requests are turned away meanwhile.
 */
export class ServerLifecycle {
  private inFlight = 0;
  private draining = false;
  private waiters: Array<() => void> = [];

  /** True once `beginDrain` has been called. */
  get isDraining(): boolean {
    return this.draining;
  }

  /** Requests not yet answered. */
  get requestsInFlight(): number {
    return this.inFlight;
  }

  /** Counts `res` until it is answered or its connection closes. */
  track(res: restify.Response): void {
    this.inFlight += 1;
    res.once('close', () => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.waiters.splice(0)) wake();
    });
  }

  /** From now on the server is draining. */
  beginDrain(): void {
    this.draining = true;
  }

  /** Resolves true once no request is in flight, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((wake) => wake !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiters.push(done);
    });
  }
}

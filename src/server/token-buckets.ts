/** The answer of a rate limit: go ahead, or wait `retryAfterSeconds`. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** How fast a key may go, and how many keys are remembered. */
export interface TokenBucketOptions {
  /** Sustained requests per minute; also the burst a quiet key may spend at once. 0 turns the limit off. */
  perMinute: number;
  /** Keys remembered at most; the least recently seen are forgotten first (a forgotten key starts full). */
  maxKeys?: number;
  /** The clock, in milliseconds. */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Token buckets keyed by a string (a client address, a conversation id), held in memory and bounded
 * in count: a Map kept in least-recently-used order, so eviction only looks at its head.
 */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(private readonly options: TokenBucketOptions) {
    this.perMs = options.perMinute / 60_000;
    this.maxKeys = options.maxKeys ?? 50_000;
    this.now = options.now ?? Date.now;
  }

  /** Spends one token of `key` if it has one. */
  take(key: string): RateDecision {
    const capacity = this.options.perMinute;
    if (capacity <= 0) return { allowed: true };
    const now = this.now();
    const bucket = this.buckets.get(key);
    let tokens = capacity;
    if (bucket) {
      tokens = Math.min(capacity, bucket.tokens + (now - bucket.at) * this.perMs);
      this.buckets.delete(key);
    } else if (this.buckets.size >= this.maxKeys) {
      this.buckets.delete(this.buckets.keys().next().value as string);
    }
    if (tokens < 1) {
      this.buckets.set(key, { tokens, at: now });
      return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - tokens) / this.perMs / 1000)) };
    }
    this.buckets.set(key, { tokens: tokens - 1, at: now });
    return { allowed: true };
  }

  /** How many keys are remembered (for tests). */
  get size(): number {
    return this.buckets.size;
  }
}

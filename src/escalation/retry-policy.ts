/** How delivery is retried: exponential backoff with jitter, capped, until the alert is `maxAgeMs` old. */
export interface RetryPolicy {
  /** The delay before the first retry. */
  initialDelayMs: number;
  /** The cap on any one delay. */
  maxDelayMs: number;
  multiplier: number;
  /** The fraction of each delay that is random (0 = none, 1 = anywhere from 0 to the delay). */
  jitter: number;
  /** After this long since the escalation, a destination that never accepted is given up (and logged as an error). */
  maxAgeMs: number;
}

/** Issue 7: first retry within a few seconds, capped at a minute, for at least 24 hours. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  initialDelayMs: 2_000,
  maxDelayMs: 60_000,
  multiplier: 2,
  jitter: 0.5,
  maxAgeMs: 24 * 60 * 60 * 1000,
};

/** The delay before retry number `failures` (1 after the first failure); never above `maxDelayMs`. */
export function retryDelayMs(failures: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const base = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.multiplier ** Math.max(0, failures - 1));
  // Jitter spreads the retries of many alerts (and of several instances) after a receiver comes back.
  return Math.round(base * (1 - policy.jitter * random()));
}

import { randomUUID } from 'node:crypto';
import type { Logger } from '../logging/create-logger';
import { GuardedMemoryStorage } from '../state/guarded-memory-storage';
import type { Disposition } from '../triage/dialog-schema';
import { buildAlertSummary } from './alert-summary';
import { DeliveryError, type AlertDestination, type EscalationAlert, type EscalationRequest } from './escalation-alert';
import type { KeyValueStore } from './key-value-store';
import { hasExpired, holdsAlert, isPending, Outbox, outboxRecordKey, type DeliveryState, type OutboxDocument, type OutboxRecord } from './outbox';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-policy';
import { updateDocument } from './update-document';

/** What EscalationService needs; the timing settings have production defaults and are shortened in tests. */
export interface EscalationServiceOptions {
  /** botbuilder's Storage (MemoryStorage, BlobsStorage) or any KeyValueStore with eTags; durable only if the store is. */
  store: KeyValueStore;
  destinations: AlertDestination[];
  /** The dispositions that alert (ESCALATION_DISPOSITIONS). */
  dispositions: readonly Disposition[];
  logger: Logger;
  /** Adds the user's own words to the summary (ESCALATION_INCLUDE_USER_TEXT). */
  includeUserText?: boolean;
  /** Epoch milliseconds; leases and schedules compare it across instances. */
  clock?: () => number;
  retry?: Partial<RetryPolicy>;
  /** The most one delivery attempt may take before it is abandoned and retried. */
  attemptTimeoutMs?: number;
  /** How long a claimed alert stays reserved to this instance; must exceed attemptTimeoutMs. */
  leaseMs?: number;
  /** How often a started service reads the outbox index for alerts left by others. */
  sweepIntervalMs?: number;
  /** Names this instance in leases; unique per process by default. */
  instanceId?: string;
  /**
   * The alerts the record under `source` still carries (see `stage`): how a sweep moves on an alert whose
   * turn saved its record but died before the alert reached the outbox. Without it such alerts wait for
   * the conversation's next turn.
   */
  committedAlerts?: (source: string) => Promise<readonly EscalationAlert[]>;
  /** How long a staged alert that no record carries may still be committed before its index entry is dropped. */
  stageGraceMs?: number;
}

/** A dead letter as an operator sees it: no facts, no summary. */
export interface DeadLetter {
  alertId: string;
  createdAt: string;
  deadAt: string;
  disposition: Disposition;
  conversation: { id: string; channelId: string };
  /** The destinations that never accepted it. */
  expired: string[];
}

/** The answer of `escalate`: whether the clinicians are being notified, and the alert's id when they are. */
export type EscalationResult = { notifying: true; alertId: string } | { notifying: false };

interface ScheduledAlert {
  outbox: Outbox;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
  storeFailures: number;
}

type RoundDecision =
  | { kind: 'claimed'; record: OutboxRecord }
  | { kind: 'wait'; until: number }
  | { kind: 'gone' }
  | { kind: 'settled'; record: OutboxDocument };

/**
 * Alerts clinicians when a triage reaches an alerting disposition, through a transactional outbox: an
 * alert is staged in the outbox index, carried by the conversation record in the same guarded write as
 * the advice, then released into the outbox (an atomic create, so each alert id is queued once) and
 * delivered in the background to every destination, retrying with backoff until each accepts or the
 * retry policy's maxAgeMs passes; then it is kept as a dead letter. Several instances may share one
 * store: an eTag-guarded lease makes one of them attempt an alert at a time, and per-destination status
 * keeps a success from being re-sent.
 */
export class EscalationService {
  private readonly durable: Outbox;
  // Holds alerts only when the configured store cannot be written: delivered while the process lives.
  private readonly volatile = new Outbox(new GuardedMemoryStorage());
  private readonly destinations: Map<string, AlertDestination>;
  private readonly dispositions: readonly Disposition[];
  private readonly logger: Logger;
  private readonly includeUserText: boolean;
  private readonly clock: () => number;
  private readonly retry: RetryPolicy;
  private readonly attemptTimeoutMs: number;
  private readonly leaseMs: number;
  private readonly sweepIntervalMs: number;
  private readonly instanceId: string;
  private readonly committedAlerts?: (source: string) => Promise<readonly EscalationAlert[]>;
  private readonly stageGraceMs: number;
  private readonly scheduled = new Map<string, ScheduledAlert>();
  private readonly inFlight = new Set<Promise<void>>();
  private sweepTimer?: NodeJS.Timeout;
  private stopped = false;

  constructor(options: EscalationServiceOptions) {
    this.durable = new Outbox(options.store);
    this.destinations = new Map(options.destinations.map((destination) => [destination.name, destination]));
    if (this.destinations.size !== options.destinations.length) throw new Error('Escalation destinations need distinct names');
    this.dispositions = options.dispositions;
    this.logger = options.logger;
    this.includeUserText = options.includeUserText ?? false;
    this.clock = options.clock ?? Date.now;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.attemptTimeoutMs = options.attemptTimeoutMs ?? 10_000;
    this.leaseMs = options.leaseMs ?? 60_000;
    if (this.leaseMs <= this.attemptTimeoutMs) throw new Error('leaseMs must exceed attemptTimeoutMs');
    this.sweepIntervalMs = options.sweepIntervalMs ?? 60_000;
    this.instanceId = options.instanceId ?? randomUUID();
    this.committedAlerts = options.committedAlerts;
    this.stageGraceMs = options.stageGraceMs ?? 5 * 60_000;
  }

  /** True when `disposition` alerts and at least one destination is configured. */
  shouldAlert(disposition: Disposition): boolean {
    return this.destinations.size > 0 && this.dispositions.includes(disposition);
  }

  /**
   * The alert for `request`, with a fresh id and its summary, or undefined when the disposition does not
   * alert. A follow-up (`request.correction`) is an alert when the disposition it follows alerted. Pure:
   * nothing is stored.
   */
  prepare(request: EscalationRequest): EscalationAlert | undefined {
    if (!this.shouldAlert(request.correction?.follows ?? request.disposition)) return undefined;
    return {
      type: request.correction ? 'triage.correction' : 'triage.escalation',
      ...(request.correction && { correction: { follows: request.correction.follows, changes: request.correction.changes.map((change) => ({ ...change })) } }),
      id: randomUUID(),
      createdAt: new Date(this.clock()).toISOString(),
      disposition: request.disposition,
      redFlags: [...request.redFlags],
      facts: { ...request.facts },
      reasons: [...request.reasons],
      conversation: { id: request.conversation.id, channelId: request.conversation.channelId },
      user: { id: request.user.id },
      summary: buildAlertSummary({ ...request, userText: this.includeUserText ? request.userText : undefined }),
    };
  }

  /**
   * The first half of a transactional outbox: indexes `alert` as staged by `source` (the key of the
   * record that will carry it) before that record is written. If the process dies after the record is
   * written, a sweep finds the id, reads the alert from the record (`committedAlerts`) and moves it on;
   * if the record is never written, the entry is dropped after `stageGraceMs`. Never throws: a store
   * failure is logged, and the alert is still released from the record.
   */
  async stage(alert: EscalationAlert, source: string): Promise<void> {
    try {
      await this.durable.stage(alert.id, { source, at: this.clock() });
    } catch (error) {
      this.logger.error({ event: 'escalation.store_failed', operation: 'stage', alertId: alert.id, error: describeError(error) }, 'escalation store failed');
    }
  }

  /**
   * The second half: moves committed alerts into the outbox and starts their delivery in the background,
   * never waiting for a receiver. An alert already in the outbox (moved by another turn or a sweep, or
   * settled) is left as it is, so each alert is queued once. Resolves to the ids now durably queued;
   * the others are delivered from memory while this process lives and stay in their record.
   */
  async release(alerts: readonly EscalationAlert[]): Promise<string[]> {
    const queued: string[] = [];
    for (const alert of alerts) {
      if (await this.queue(alert)) queued.push(alert.id);
    }
    return queued;
  }

  /** Prepares and releases an alert in one step, for callers with no record to carry it. Do not await it before replying to the user. */
  async escalate(request: EscalationRequest): Promise<EscalationResult> {
    const alert = this.prepare(request);
    if (!alert) return { notifying: false };
    await this.release([alert]);
    return { notifying: true, alertId: alert.id };
  }

  /** Queues one alert; true when it is in the durable outbox and its index. */
  private async queue(alert: EscalationAlert): Promise<boolean> {
    const now = this.clock();
    const deliveries = Object.fromEntries(
      [...this.destinations.keys()].map((name): [string, DeliveryState] => [name, { status: 'pending', attempts: 0, nextAttemptAt: now }]),
    );
    const record: OutboxRecord = { alert, deliveries };
    let created: boolean;
    try {
      // The index first: a record is never in the store without an entry a sweep will find.
      await this.durable.index(alert.id);
      created = await this.durable.create(record);
    } catch (error) {
      this.logger.error(
        { event: 'escalation.store_failed', operation: 'queue', alertId: alert.id, error: describeError(error) },
        'outbox write failed; the alert is kept in memory only',
      );
      if (await this.volatile.create(record)) {
        await this.volatile.index(alert.id);
        this.logCreated(alert, deliveries, false);
      }
      this.schedule(alert.id, this.volatile, 0);
      return false;
    }
    if (created) this.logCreated(alert, deliveries, true);
    this.schedule(alert.id, this.durable, 0);
    return true;
  }

  private logCreated(alert: EscalationAlert, deliveries: Record<string, DeliveryState>, durable: boolean): void {
    this.logger.info(
      {
        event: 'escalation.created',
        alertId: alert.id,
        conversationId: alert.conversation.id,
        channelId: alert.conversation.channelId,
        destinations: Object.keys(deliveries),
        durable,
      },
      'escalation created',
    );
  }

  /** The dead letters: alerts some destination never accepted within the retry policy, oldest first. */
  async deadLetters(): Promise<DeadLetter[]> {
    const ids = await this.durable.deadLetterIds();
    if (ids.length === 0) return [];
    const documents = await this.durable.store.read(ids.map(outboxRecordKey));
    return ids
      .map((id) => documents[outboxRecordKey(id)] as OutboxDocument | undefined)
      .filter((document): document is OutboxRecord => !!document && holdsAlert(document) && !!document.deadAt)
      .map((record) => ({
        alertId: record.alert.id,
        createdAt: record.alert.createdAt,
        deadAt: record.deadAt!,
        disposition: record.alert.disposition,
        conversation: record.alert.conversation,
        expired: Object.entries(record.deliveries).filter(([, state]) => state.status === 'expired').map(([name]) => name),
      }));
  }

  /**
   * Sends a dead letter again: its expired destinations are retried from now, for the retry policy's
   * maxAgeMs again, by whichever started instance sweeps first (this one at once if started). False
   * when `alertId` is not a dead letter.
   */
  async resend(alertId: string): Promise<boolean> {
    const revived = await this.durable.revive(alertId, this.clock());
    if (!revived) return false;
    this.logger.warn({ event: 'escalation.resent', alertId }, 'dead letter queued again');
    this.schedule(alertId, this.durable, 0);
    return true;
  }

  /** Resumes the alerts pending in the store (after a restart, or left by another instance) and keeps looking for them periodically. */
  async start(): Promise<void> {
    this.stopped = false;
    try {
      await this.durable.ensureIndex();
    } catch (error) {
      this.logger.error({ event: 'escalation.store_failed', operation: 'ensureIndex', error: describeError(error) }, 'escalation store failed');
    }
    await this.sweep();
    this.sweepTimer = setInterval(() => void this.sweep(), this.sweepIntervalMs);
    this.sweepTimer.unref();
  }

  /** Stops scheduling attempts; attempts under way finish (await `drain`). Alerts left pending stay in the outbox for the next start. */
  stop(): void {
    this.stopped = true;
    clearInterval(this.sweepTimer);
    for (const entry of this.scheduled.values()) clearTimeout(entry.timer);
  }

  /** Waits for the attempts under way, at most `timeoutMs`; true when all finished. */
  async drain(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const finished = Promise.allSettled([...this.inFlight]).then(() => true as const);
    const result = await Promise.race([finished, timedOut]);
    clearTimeout(timer);
    return result;
  }

  /** The ids of the alerts not yet settled (the outbox index, plus any held in memory because the store failed). */
  async pendingAlertIds(): Promise<string[]> {
    return [...(await this.durable.pendingIds()), ...(await this.volatile.pendingIds())];
  }

  private async sweep(): Promise<void> {
    if (this.stopped) return;
    try {
      for (const alertId of await this.durable.pendingIds()) {
        if (!this.scheduled.has(alertId)) this.schedule(alertId, this.durable, 0);
      }
    } catch (error) {
      this.logger.warn({ event: 'escalation.store_failed', operation: 'sweep', error: describeError(error) }, 'escalation store failed');
    }
  }

  private schedule(alertId: string, outbox: Outbox, delayMs: number): void {
    if (this.stopped) return;
    let entry = this.scheduled.get(alertId);
    if (!entry) {
      entry = { outbox, storeFailures: 0 };
      this.scheduled.set(alertId, entry);
    }
    const scheduledEntry = entry;
    clearTimeout(scheduledEntry.timer);
    scheduledEntry.timer = setTimeout(() => {
      scheduledEntry.timer = undefined;
      if (scheduledEntry.running) return;
      const running = this.runRound(alertId, scheduledEntry).finally(() => {
        scheduledEntry.running = undefined;
        this.inFlight.delete(running);
      });
      scheduledEntry.running = running;
      this.inFlight.add(running);
    }, Math.max(0, delayMs));
    scheduledEntry.timer.unref();
  }

  private async runRound(alertId: string, entry: ScheduledAlert): Promise<void> {
    try {
      const next = await this.round(alertId, entry.outbox);
      entry.storeFailures = 0;
      if (next === undefined) this.scheduled.delete(alertId);
      else this.schedule(alertId, entry.outbox, next - this.clock());
    } catch (error) {
      entry.storeFailures += 1;
      const delay = retryDelayMs(entry.storeFailures, this.retry);
      this.logger.warn(
        { event: 'escalation.store_failed', operation: 'round', alertId, error: describeError(error), nextRetryAt: new Date(this.clock() + delay).toISOString() },
        'escalation store failed',
      );
      this.schedule(alertId, entry.outbox, delay);
    }
  }

  /** One pass over an alert: claim it, attempt the destinations that are due, record the results. Returns when to look again, or undefined when settled. */
  private async round(alertId: string, outbox: Outbox): Promise<number | undefined> {
    const now = this.clock();
    // Assigned inside the update callback, which TypeScript's narrowing does not follow.
    let decision = { kind: 'gone' } as RoundDecision;
    await updateDocument<OutboxDocument>(outbox.store, outboxRecordKey(alertId), (current) => {
      decision = this.decide(current, now);
      return decision.kind === 'claimed' ? decision.record : undefined;
    });
    switch (decision.kind) {
      case 'gone':
        return this.recoverStaged(alertId, outbox, now);
      case 'settled':
        await this.finalize(alertId, outbox, decision.record, now);
        return undefined;
      case 'wait':
        return decision.until;
      case 'claimed': {
        const results = await this.attemptDue(decision.record, now);
        const saved = await this.saveResults(outbox, alertId, results);
        if (!saved || !isPending(saved)) {
          await this.finalize(alertId, outbox, saved, this.clock());
          return undefined;
        }
        return nextAttemptAt(saved);
      }
    }
  }

  /** A settled alert leaves the pending index: as a dead letter when a destination expired, otherwise as a `SettledRecord`. */
  private async finalize(alertId: string, outbox: Outbox, record: OutboxDocument | undefined, now: number): Promise<void> {
    if (record && holdsAlert(record) && hasExpired(record)) {
      await outbox.bury(alertId, now);
      this.logger.error(
        {
          event: 'escalation.dead_letter',
          alertId,
          conversationId: record.alert.conversation.id,
          destinations: Object.entries(record.deliveries).filter(([, state]) => state.status === 'expired').map(([name]) => name),
        },
        'escalation kept as a dead letter: list and re-send it with npm run dead-letters',
      );
      return;
    }
    await outbox.settle(alertId, now);
  }

  /**
   * An indexed id with no record: if it was staged, the record that carries the alert is read and the
   * alert queued from it; an entry no record carries is dropped once `stageGraceMs` has passed (its turn
   * never saved). Returns when to look again, or undefined when the entry is gone.
   */
  private async recoverStaged(alertId: string, outbox: Outbox, now: number): Promise<number | undefined> {
    const staged = (await outbox.pending()).staged?.[alertId];
    if (staged && this.committedAlerts) {
      const alert = (await this.committedAlerts(staged.source)).find((candidate) => candidate.id === alertId);
      if (alert) {
        this.logger.warn({ event: 'escalation.recovered', alertId, conversationId: alert.conversation.id }, 'staged alert moved on from its record');
        await this.queue(alert);
        return now;
      }
    }
    if (staged && now - staged.at < this.stageGraceMs) return staged.at + this.stageGraceMs;
    await outbox.unindex(alertId);
    return undefined;
  }

  private decide(current: OutboxDocument | undefined, now: number): RoundDecision {
    if (!current) return { kind: 'gone' };
    if (!holdsAlert(current) || !isPending(current)) return { kind: 'settled', record: current };
    const lease = current.lease;
    if (lease && lease.owner !== this.instanceId && lease.until > now) return { kind: 'wait', until: lease.until };
    const due = nextAttemptAt(current);
    if (due > now) return { kind: 'wait', until: due };
    return { kind: 'claimed', record: { ...current, lease: { owner: this.instanceId, until: now + this.leaseMs } } };
  }

  private async attemptDue(record: OutboxRecord, now: number): Promise<Record<string, DeliveryState>> {
    const due = Object.entries(record.deliveries).filter(([, state]) => state.status === 'pending' && state.nextAttemptAt <= now);
    const results = await Promise.all(due.map(async ([name, state]) => [name, await this.attempt(record, name, state)] as const));
    return Object.fromEntries(results);
  }

  private async attempt(record: OutboxRecord, name: string, state: DeliveryState): Promise<DeliveryState> {
    const alert = record.alert;
    const attempt = state.attempts + 1;
    const logFields = { alertId: alert.id, conversationId: alert.conversation.id, destination: name, attempt };
    const destination = this.destinations.get(name);
    if (!destination) {
      this.logger.error({ event: 'escalation.attempt', ...logFields, status: 'unconfigured' }, 'escalation destination no longer configured');
      return { ...state, status: 'unconfigured' };
    }
    try {
      await this.withTimeout((signal) => destination.deliver(alert, signal));
      this.logger.info({ event: 'escalation.attempt', ...logFields, status: 'delivered' }, 'escalation delivered');
      return { status: 'delivered', attempts: attempt, nextAttemptAt: state.nextAttemptAt };
    } catch (error) {
      const now = this.clock();
      const reason = describeError(error);
      if (now - (record.retryFrom ?? Date.parse(alert.createdAt)) >= this.retry.maxAgeMs) {
        this.logger.error({ event: 'escalation.attempt', ...logFields, status: 'expired', reason }, 'escalation given up');
        return { status: 'expired', attempts: attempt, nextAttemptAt: state.nextAttemptAt };
      }
      const next = now + retryDelayMs(attempt, this.retry);
      this.logger.warn(
        { event: 'escalation.attempt', ...logFields, status: 'failed', reason, nextRetryAt: new Date(next).toISOString() },
        'escalation attempt failed',
      );
      return { status: 'pending', attempts: attempt, nextAttemptAt: next };
    }
  }

  private async withTimeout(work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new DeliveryError('timed out'));
      }, this.attemptTimeoutMs);
    });
    try {
      await Promise.race([work(controller.signal), timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Merges this round's results into the latest record and releases the lease; a success recorded by another instance is kept. */
  private async saveResults(outbox: Outbox, alertId: string, results: Record<string, DeliveryState>): Promise<OutboxRecord | undefined> {
    let saved: OutboxRecord | undefined;
    await updateDocument<OutboxDocument>(outbox.store, outboxRecordKey(alertId), (current) => {
      if (!current || !holdsAlert(current)) return undefined;
      const deliveries = { ...current.deliveries };
      for (const [name, result] of Object.entries(results)) {
        if (deliveries[name]?.status !== 'delivered') deliveries[name] = result;
      }
      const { lease, ...rest } = current;
      saved = lease && lease.owner !== this.instanceId ? { ...rest, lease, deliveries } : { ...rest, deliveries };
      return saved;
    });
    return saved;
  }
}

function nextAttemptAt(record: OutboxRecord): number {
  return Math.min(...Object.values(record.deliveries).filter((state) => state.status === 'pending').map((state) => state.nextAttemptAt));
}

/** A short, loggable reason: a DeliveryError's own message, otherwise only the error's name or code. */
function describeError(error: unknown): string {
  if (error instanceof DeliveryError) return error.message;
  if (error instanceof Error) return (error as { code?: unknown }).code?.toString() ?? error.name;
  return 'unknown error';
}

import { ActivityHandler, TurnContext } from 'botbuilder';
import { serviceLines, type ClinicServices } from '../clinic';
import type { ConversationHandler, CorrectionFollowUp, Incoming, TurnResult } from '../conversation/conversation-handler';
import type { ConversationRecord } from '../conversation/conversation-record';
import type { EscalationAlert } from '../escalation/escalation-alert';
import type { Logger } from '../logging/create-logger';
import type { BotMetrics } from '../metrics';
import type { AuditTrail } from '../audit';
import { conversationKey, isWriteConflict, type ConversationStore } from '../state/conversation-store';
import type { Dialog, Disposition } from '../triage/dialog-schema';
import type { EmergencyNumbers } from '../triage/emergency-numbers';
import type { TriageOutcome } from '../triage/triage-outcome';
import type { OpenPrivateChat } from './private-chat';
import { replyActivities } from './render/reply-activities';
import { writerDate } from './writer-date';

/**
 * The clinician alerts of a turn, as a transactional outbox: `alertsFor` builds them for a newly reached
 * outcome, `stage` runs before the record that carries them is written, `release` right after it (before
 * the replies, so nothing the channel does can hold an alert back), `afterReplies` once the user has them.
 */
export interface TurnAlerts {
  /** The alerts for `outcome` (none when it does not alert); `userText` is the message that led to it. Stores nothing. */
  alertsFor(outcome: TriageOutcome, context: TurnContext, userText: string | undefined): EscalationAlert[];
  /** The follow-up alerts for answers corrected after an emergency alert (none when that alert was not sent). Stores nothing. */
  followUpsFor(corrected: CorrectionFollowUp, context: TurnContext): EscalationAlert[];
  /** Indexes the alerts as carried by the record under `source`; never throws. */
  stage(alerts: readonly EscalationAlert[], source: string): Promise<void>;
  /** Moves committed alerts into the outbox; resolves to the ids durably queued (those may leave the record). Never throws. */
  release(alerts: readonly EscalationAlert[]): Promise<string[]>;
  /** After the replies were sent (e.g. a hub's handoff event). */
  afterReplies?(alerts: readonly EscalationAlert[], context: TurnContext): Promise<void>;
}

/** A committed turn: its result, and the alerts its record carries. */
interface CommittedTurn {
  result: TurnResult;
  alerts: EscalationAlert[];
}

/** Handles a message before the triage sees it (a Teams admin command); true when it did. */
export type MessageInterceptor = (context: TurnContext) => Promise<boolean>;

/** What the bot needs; each piece is built once at boot. */
export interface TriageBotDeps {
  dialog: Dialog;
  handler: ConversationHandler;
  store: ConversationStore;
  emergencyNumbers: EmergencyNumbers;
  /** The clinic's own services, named in the outcome after the disposition's action. */
  services?: ClinicServices;
  /** The time opening hours are read at (default: now). */
  clock?: () => Date;
  /** Counts turns, outcomes, red flags and knowledge replies (no text, no ids). */
  metrics?: BotMetrics;
  /** Keeps each outcome reached as a pseudonymous record for clinical governance. */
  audit?: AuditTrail;
  logger: Logger;
  alerts?: TurnAlerts;
  interceptors?: MessageInterceptor[];
  /** Turns retried when another instance wrote the same conversation first. */
  maxConflictRetries?: number;
  /** Opens the 1:1 chat a group-chat or channel message continues in; without it the bot only says how to open one. */
  openPrivateChat?: OpenPrivateChat;
}

/** Posted in a group chat or channel once the triage went on in the sender's private chat; no health detail. */
export const PRIVATE_CHAT_OPENED =
  "To keep your health details private, I've continued in a private chat with you. If this is an emergency, call {emergencyNumber} now.";
/** Posted in a group chat or channel when no private chat could be opened. */
export const PRIVATE_CHAT_UNAVAILABLE =
  "I only talk about back pain in a private chat, and I couldn't open one with you. Select my name and choose Chat (or find me under Apps) to start one. If this is an emergency, call {emergencyNumber} now.";
/** Posted when the bot joins a group chat or channel. */
export const GROUP_INTRODUCTION =
  "Hi, I'm a back-pain triage assistant. Mention me and I'll talk with you in a private chat, so your health details stay between us. If this is an emergency, call {emergencyNumber} now.";

/**
 * The channel edge: turns activities into conversation turns and replies into activities. A turn
 * reads the stored record with its eTag, runs the pure handler, writes with that eTag (the record
 * carrying the turn's clinician alerts), moves the alerts to the outbox and only then sends; on a
 * write conflict the whole turn runs again on the fresh record. A record whose replies may not have
 * been sent keeps a mark, and the next turn gives the advice again.
 */
export class TriageBot extends ActivityHandler {
  constructor(private readonly deps: TriageBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      for (const intercept of this.deps.interceptors ?? []) {
        if (await intercept(context)) return next();
      }
      const incoming = this.readMessage(context);
      if (incoming && isGroupConversation(context.activity)) await this.continuePrivately(context, incoming);
      else if (incoming) await this.runTurn(context, incoming);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (isGroupConversation(context.activity)) {
        const { membersAdded, recipient } = context.activity;
        if ((membersAdded ?? []).some((member) => member.id === recipient?.id)) await context.sendActivity(this.withNumber(GROUP_INTRODUCTION, context));
      } else if (this.shouldWelcome(context)) await this.runTurn(context, { type: 'start' });
      await next();
    });
  }

  /**
   * No triage in public: a message in a group chat or channel is the first (or next) message of the
   * sender's own triage, in their 1:1 chat with the bot, keyed by that chat (so per user); the group
   * gets a note with the emergency number and nothing the user told.
   */
  private async continuePrivately(context: TurnContext, incoming: Incoming): Promise<void> {
    const opened = (await this.deps.openPrivateChat?.(context, (privateContext) => this.runTurn(privateContext, incoming))) ?? false;
    await context.sendActivity(this.withNumber(opened ? PRIVATE_CHAT_OPENED : PRIVATE_CHAT_UNAVAILABLE, context));
  }

  private withNumber(message: string, context: TurnContext): string {
    return message.replace('{emergencyNumber}', this.deps.emergencyNumbers.forLocale(context.activity.locale));
  }

  private readMessage(context: TurnContext): Incoming | undefined {
    const activity = context.activity;
    if (isGroupConversation(activity)) {
      // In group chats and channels the bot answers only when mentioned, and the mention is not part of the answer.
      const mentioned = (activity.entities ?? []).some(
        (entity) => entity.type === 'mention' && entity.mentioned?.id === activity.recipient?.id,
      );
      if (!mentioned) return undefined;
      TurnContext.removeRecipientMention(activity);
    }
    const value: unknown = activity.value;
    if (value && typeof value === 'object' && !Array.isArray(value)) return { type: 'submit', value: value as Record<string, unknown> };
    return { type: 'text', text: typeof activity.text === 'string' ? activity.text : '' };
  }

  private shouldWelcome(context: TurnContext): boolean {
    const { membersAdded, recipient } = context.activity;
    const someoneElse = (membersAdded ?? []).some((member) => member.id !== recipient?.id);
    const teamsPersonalInstall =
      context.activity.channelId === 'msteams' &&
      context.activity.conversation?.conversationType === 'personal' &&
      (membersAdded ?? []).some((member) => member.id === recipient?.id);
    return someoneElse || teamsPersonalInstall;
  }

  private async runTurn(context: TurnContext, incoming: Incoming): Promise<void> {
    const { activity } = context;
    const key = conversationKey(activity.channelId ?? 'unknown', activity.conversation?.id ?? 'unknown');
    const started = performance.now();
    const { result, alerts } = await this.commitTurn(key, incoming, context);
    if (result.recognizerFault !== undefined) {
      // The fault's type and frames only: its message could quote what the user typed.
      const fault = result.recognizerFault as Error;
      this.deps.logger.error(
        { conversationId: activity.conversation?.id, channelId: activity.channelId, err: { type: fault?.name, stack: framesOf(fault) } },
        'recognizer failed; the pending question was asked again',
      );
    }
    if (result.carriedOver) {
      // Slot names only, never values.
      const { fromGraph, toGraph, droppedSlots } = result.carriedOver;
      const fields = { event: 'triage.carried_over', conversationId: activity.conversation?.id, fromGraph, toGraph, droppedSlots };
      if (droppedSlots.length > 0) this.deps.logger.warn(fields, 'triage carried over; facts with no such slot or value dropped');
      else this.deps.logger.info(fields, 'triage carried over to this graph version');
    }
    if (result.concluded) {
      this.deps.logger.info(
        { conversationId: activity.conversation?.id, channelId: activity.channelId, disposition: result.concluded.disposition },
        'triage concluded',
      );
    }
    // The record is saved: its alerts go to the outbox before anything the channel does can fail.
    const queued = alerts.length > 0 ? ((await this.deps.alerts?.release(alerts)) ?? []) : [];
    const locale = activity.locale ?? result.record?.locale;
    const emergencyNumber = this.deps.emergencyNumbers.forLocale(locale);
    const { services } = this.deps;
    const now = this.deps.clock?.() ?? new Date();
    const clinicLines = (disposition: Disposition) => (services ? serviceLines(services.file, services.clinicFor(locale), disposition, now) : []);
    const activities = replyActivities(result.replies, { dialog: this.deps.dialog, channelId: activity.channelId, emergencyNumber, clinicLines });
    let sent = false;
    try {
      if (activities.length > 0) await context.sendActivities(activities);
      sent = true;
    } finally {
      await this.afterSend(key, result.record, queued, sent);
      if (result.concluded) await this.recordOutcome(key, result.concluded, alerts.length > 0, now);
    }
    this.deps.metrics?.observeTurn(result, (performance.now() - started) / 1000);
    if (alerts.length > 0) await this.deps.alerts?.afterReplies?.(alerts, context);
  }

  /** Appends the outcome to the audit trail; a store failure is logged, never the user's problem. */
  private async recordOutcome(key: string, outcome: TriageOutcome, escalated: boolean, at: Date): Promise<void> {
    if (!this.deps.audit) return;
    try {
      await this.deps.audit.record(key, { disposition: outcome.disposition, redFlags: outcome.redFlags, graph: this.deps.dialog.version, escalated }, at);
    } catch (error) {
      this.deps.logger.error({ event: 'audit.failed', key, err: { message: (error as Error).message } }, 'audit record not written');
    }
  }

  /** Takes the queued alerts out of the record and, once the replies were sent, the mark that they may not have been. */
  private async afterSend(key: string, record: ConversationRecord | null, queued: string[], sent: boolean): Promise<void> {
    if (!record || (queued.length === 0 && !(sent && record.outcomeUnsent))) return;
    try {
      await this.deps.store.update(key, (current) => {
        const pendingAlerts = current.pendingAlerts?.filter((alert) => !queued.includes(alert.id));
        const outcomeUnsent = sent ? undefined : current.outcomeUnsent;
        if (pendingAlerts?.length === current.pendingAlerts?.length && outcomeUnsent === current.outcomeUnsent) return undefined;
        return { ...current, pendingAlerts: pendingAlerts?.length ? pendingAlerts : undefined, outcomeUnsent };
      });
    } catch (error) {
      // Harmless: the next turn releases the alerts again (each is queued once) and repeats the advice.
      this.deps.logger.warn({ key, err: { message: (error as Error).message } }, 'record not updated after the replies');
    }
  }

  private async commitTurn(key: string, incoming: Incoming, context: TurnContext): Promise<CommittedTurn> {
    const { activity } = context;
    const attempts = 1 + (this.deps.maxConflictRetries ?? 4);
    for (let attempt = 1; ; attempt += 1) {
      const loaded = await this.deps.store.load(key);
      // Alerts a crashed or failed turn left in the record are moved on first (a sweep may have done it already).
      const leftover = loaded.record?.pendingAlerts ?? [];
      const released = leftover.length > 0 ? ((await this.deps.alerts?.release(leftover)) ?? []) : [];
      const result = this.deps.handler.handle(loaded.record, { incoming, locale: activity.locale, now: new Date(), writerDate: writerDate(activity), droppedFacts: loaded.droppedFacts });
      let record = result.record;
      let alerts: EscalationAlert[] = [];
      if (record && record !== loaded.record) {
        const turnAlerts = this.deps.alerts;
        alerts = [
          ...(result.concluded && turnAlerts ? turnAlerts.alertsFor(result.concluded, context, incoming.type === 'text' ? incoming.text : undefined) : []),
          ...(result.corrected && turnAlerts ? turnAlerts.followUpsFor(result.corrected, context) : []),
        ];
        if (alerts.length > 0) await this.deps.alerts?.stage(alerts, key);
        const carried = [...leftover.filter((alert) => !released.includes(alert.id)), ...alerts];
        record = { ...record, pendingAlerts: carried.length > 0 ? carried : undefined };
      }
      try {
        if (record === null) await this.deps.store.delete(key);
        else if (record !== loaded.record) await this.deps.store.save(key, record, loaded.eTag);
        return { result: { ...result, record }, alerts };
      } catch (error) {
        if (!isWriteConflict(error) || attempt >= attempts) throw error;
        this.deps.logger.debug({ conversationId: activity.conversation?.id, attempt }, 'write conflict; turn retried');
      }
    }
  }
}

/** A Teams group chat or channel (any conversation others read along). */
function isGroupConversation(activity: TurnContext['activity']): boolean {
  const conversationType = activity.conversation?.conversationType;
  return conversationType === 'channel' || conversationType === 'groupChat';
}

/** An error's stack frames without its first line (the message). */
function framesOf(error: Error | undefined): string | undefined {
  return error?.stack?.split('\n').slice(1).join('\n');
}

import { ActivityHandler, TurnContext, type Activity } from 'botbuilder';
import type { ConversationHandler, Incoming, TurnResult } from '../conversation/conversation-handler';
import type { Logger } from '../logging/create-logger';
import { conversationKey, isWriteConflict, type ConversationStore } from '../state/conversation-store';
import type { Dialog } from '../triage/dialog-schema';
import type { EmergencyNumbers } from '../triage/emergency-numbers';
import type { TriageOutcome } from '../triage/triage-outcome';
import { replyActivities } from './render/reply-activities';
import { writerDate } from './writer-date';

/** Receives each newly reached outcome after the user has been answered (clinician alerts); `userText` is the message that led to it. */
export type OutcomeListener = (outcome: TriageOutcome, context: TurnContext, userText: string | undefined) => Promise<void>;

/** Handles a message before the triage sees it (a Teams admin command); true when it did. */
export type MessageInterceptor = (context: TurnContext) => Promise<boolean>;

/** What the bot needs; each piece is built once at boot. */
export interface TriageBotDeps {
  dialog: Dialog;
  handler: ConversationHandler;
  store: ConversationStore;
  emergencyNumbers: EmergencyNumbers;
  logger: Logger;
  onOutcome?: OutcomeListener;
  interceptors?: MessageInterceptor[];
  /** Turns retried when another instance wrote the same conversation first. */
  maxConflictRetries?: number;
}

/**
 * The channel edge: turns activities into conversation turns and replies into activities. A turn
 * reads the stored record with its eTag, runs the pure handler, writes with that eTag and only then
 * sends; on a write conflict the whole turn runs again on the fresh record.
 */
export class TriageBot extends ActivityHandler {
  constructor(private readonly deps: TriageBotDeps) {
    super();
    this.onMessage(async (context, next) => {
      for (const intercept of this.deps.interceptors ?? []) {
        if (await intercept(context)) return next();
      }
      const incoming = this.readMessage(context);
      if (incoming) await this.runTurn(context, incoming);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      if (this.shouldWelcome(context)) await this.runTurn(context, { type: 'start' });
      await next();
    });
  }

  private readMessage(context: TurnContext): Incoming | undefined {
    const activity = context.activity;
    const conversationType = activity.conversation?.conversationType;
    if (conversationType === 'channel' || conversationType === 'groupChat') {
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
    const result = await this.commitTurn(key, incoming, activity);
    if (result.recognizerFault !== undefined) {
      // The fault's type and frames only: its message could quote what the user typed.
      const fault = result.recognizerFault as Error;
      this.deps.logger.error(
        { conversationId: activity.conversation?.id, channelId: activity.channelId, err: { type: fault?.name, stack: framesOf(fault) } },
        'recognizer failed; the pending question was asked again',
      );
    }
    const emergencyNumber = this.deps.emergencyNumbers.forLocale(activity.locale ?? result.record?.locale);
    const activities = replyActivities(result.replies, { dialog: this.deps.dialog, channelId: activity.channelId, emergencyNumber });
    if (activities.length > 0) await context.sendActivities(activities);
    if (result.concluded) {
      this.deps.logger.info(
        { conversationId: activity.conversation?.id, channelId: activity.channelId, disposition: result.concluded.disposition },
        'triage concluded',
      );
      await this.deps.onOutcome?.(result.concluded, context, incoming.type === 'text' ? incoming.text : undefined);
    }
  }

  private async commitTurn(key: string, incoming: Incoming, activity: Activity): Promise<TurnResult> {
    const attempts = 1 + (this.deps.maxConflictRetries ?? 4);
    for (let attempt = 1; ; attempt += 1) {
      const loaded = await this.deps.store.load(key);
      const result = this.deps.handler.handle(loaded.record, { incoming, locale: activity.locale, now: new Date(), writerDate: writerDate(activity) });
      try {
        if (result.record === null) await this.deps.store.delete(key);
        else if (result.record !== loaded.record) await this.deps.store.save(key, result.record, loaded.eTag);
        return result;
      } catch (error) {
        if (!isWriteConflict(error) || attempt >= attempts) throw error;
        this.deps.logger.debug({ conversationId: activity.conversation?.id, attempt }, 'write conflict; turn retried');
      }
    }
  }
}

/** An error's stack frames without its first line (the message). */
function framesOf(error: Error | undefined): string | undefined {
  return error?.stack?.split('\n').slice(1).join('\n');
}

import { ActivityTypes, TurnContext, type ConversationReference } from 'botbuilder';
import type { KeyValueStore } from '../../escalation/key-value-store';
import { updateDocument } from '../../escalation/update-document';
import type { Logger } from '../../logging/create-logger';

/** The store key of the Teams conversations that receive escalation alerts. */
export const ALERT_CHANNELS_KEY = 'escalation-teams-channels';

interface AlertChannelsDocument {
  channels: Record<string, Partial<ConversationReference>>;
}

/** Settings of the registry: who may register a channel, and where registrations are kept. */
export interface AlertChannelRegistryOptions {
  /** botbuilder's Storage or any KeyValueStore; shared by all instances of the bot. */
  store: KeyValueStore;
  /** Teams users allowed to register or stop a channel: AAD object ids or Teams user ids (ESCALATION_TEAMS_ADMINS). */
  adminIds: readonly string[];
  logger: Logger;
}

const COMMAND = /^(register|stop) escalations? here$/;

/** The command in a message, with the bot's @mention and punctuation ignored; undefined when it is not one. */
function readCommand(context: TurnContext): 'register' | 'stop' | undefined {
  const { activity } = context;
  if (activity.type !== ActivityTypes.Message || !activity.text) return undefined;
  // A copy: removeRecipientMention rewrites the text of the activity it is given.
  const text = TurnContext.removeRecipientMention({ ...activity }) ?? '';
  const words = text.toLowerCase().replace(/[^a-z]+/g, ' ').trim();
  return COMMAND.exec(words)?.[1] as 'register' | 'stop' | undefined;
}

/** A Teams channel message's conversation id names its thread; alerts start new posts in the channel instead. */
function channelConversationId(conversationId: string): string {
  return conversationId.replace(/;messageid=\d+$/, '');
}

/**
 * The Teams channels and group chats that receive escalation alerts. People listed in `adminIds` type
 * "register escalations here" (or "stop escalations here") in a channel or group chat to change them.
 */
export class AlertChannelRegistry {
  private readonly store: KeyValueStore;
  private readonly adminIds: readonly string[];
  private readonly logger: Logger;

  constructor({ store, adminIds, logger }: AlertChannelRegistryOptions) {
    this.store = store;
    this.adminIds = adminIds;
    this.logger = logger;
  }

  /** Handles "register escalations here" / "stop escalations here"; true when the message was one of them (it has been answered). */
  async handleCommand(context: TurnContext): Promise<boolean> {
    const command = readCommand(context);
    if (!command) return false;
    const { activity } = context;
    const conversationType = activity.conversation.conversationType;
    if (conversationType !== 'channel' && conversationType !== 'groupChat') {
      await context.sendActivity('Type this in the Teams channel or group chat where the clinical team should receive escalation alerts.');
      return true;
    }
    const from = activity.from;
    if (!this.adminIds.some((id) => id === from.aadObjectId || id === from.id)) {
      this.logger.warn({ event: 'escalation.channel_refused', conversationId: activity.conversation.id, userId: from.id }, 'alert channel change refused');
      await context.sendActivity("Only the people named in the bot's ESCALATION_TEAMS_ADMINS setting can change where escalation alerts go.");
      return true;
    }
    const reference = TurnContext.getConversationReference(activity);
    // Without an activity id the proactive alert is a new post, not a reply to this command.
    delete reference.activityId;
    const conversationId = channelConversationId(activity.conversation.id);
    reference.conversation = { ...activity.conversation, id: conversationId };
    await updateDocument<AlertChannelsDocument>(this.store, ALERT_CHANNELS_KEY, (current) => {
      const channels = { ...current?.channels };
      if (command === 'register') channels[conversationId] = reference;
      else if (channels[conversationId]) delete channels[conversationId];
      else return undefined;
      return { channels };
    });
    this.logger.info(
      { event: command === 'register' ? 'escalation.channel_registered' : 'escalation.channel_stopped', conversationId, userId: from.id },
      'alert channel changed',
    );
    await context.sendActivity(
      command === 'register'
        ? 'Escalation alerts will be posted here. Type "stop escalations here" to stop them.'
        : 'Escalation alerts will no longer be posted here.',
    );
    return true;
  }

  /** The conversation references alerts are sent to. */
  async references(): Promise<Partial<ConversationReference>[]> {
    const document = (await this.store.read([ALERT_CHANNELS_KEY]))[ALERT_CHANNELS_KEY] as AlertChannelsDocument | undefined;
    return Object.values(document?.channels ?? {});
  }
}

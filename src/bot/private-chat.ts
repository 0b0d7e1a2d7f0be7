import { AuthenticationConstants } from 'botframework-connector';
import type { CloudAdapterBase, ConversationParameters, TurnContext } from 'botbuilder';
import type { Logger } from '../logging/create-logger';

/**
 * Opens the one-to-one chat between the bot and the sender of a group-chat or channel message (Teams
 * gives the same chat back when one exists) and runs `logic` on a turn in it, as that user, in their
 * locale. Resolves to false, having run nothing, when the channel would not open one (the app is not
 * installed for the user, a policy forbids it); errors thrown by `logic` itself propagate.
 */
export type OpenPrivateChat = (context: TurnContext, logic: (privateContext: TurnContext) => Promise<void>) => Promise<boolean>;

/** An `OpenPrivateChat` through the turn's CloudAdapter (`createConversationAsync`, a proactive 1:1 conversation), as `botAppId`. */
export function cloudAdapterPrivateChat(botAppId: string | undefined, logger: Logger): OpenPrivateChat {
  return async (context, logic) => {
    const { activity } = context;
    const adapter = context.adapter as CloudAdapterBase;
    const tenantId = activity.conversation?.tenantId ?? (activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id;
    const parameters = {
      isGroup: false,
      bot: activity.recipient,
      members: [activity.from],
      tenantId,
      channelData: tenantId ? { tenant: { id: tenantId } } : undefined,
    } as ConversationParameters;
    let opened = false;
    try {
      await adapter.createConversationAsync(
        botAppId ?? '',
        activity.channelId,
        activity.serviceUrl,
        AuthenticationConstants.ToChannelFromBotOAuthScope,
        parameters,
        async (privateContext) => {
          opened = true;
          // The created turn is an event with only the new conversation's id: it speaks as the group message's sender.
          const created = privateContext.activity;
          Object.assign(created, {
            from: activity.from,
            locale: activity.locale,
            localTimestamp: activity.localTimestamp,
            localTimezone: activity.localTimezone,
            conversation: { ...created.conversation, conversationType: 'personal', isGroup: false },
          });
          await logic(privateContext);
        },
      );
      return true;
    } catch (error) {
      if (opened) throw error;
      // The status and the group's id only: the error body could name the user.
      const status = (error as { statusCode?: number }).statusCode;
      logger.warn({ event: 'private_chat.unavailable', conversationId: activity.conversation?.id, channelId: activity.channelId, status }, 'could not open a private chat');
      return false;
    }
  };
}

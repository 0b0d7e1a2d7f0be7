import { ActivityTypes, type MiddlewareHandler } from 'botbuilder';
import type { Logger } from '../../logging/create-logger';
import type { EmergencyNumbers } from '../../triage/emergency-numbers';
import type { TokenBuckets } from '../../server/token-buckets';

/** What the conversation rate limit needs. */
export interface ConversationRateLimitDeps {
  buckets: TokenBuckets;
  emergencyNumbers: EmergencyNumbers;
  logger: Logger;
}

/** The reply to a message over the limit; the emergency number stays in view. */
export const TOO_FAST_MESSAGE =
  "You're sending messages faster than I can answer them. Please wait a few seconds, then send your last answer again. If this is an emergency, call {emergencyNumber} now.";

/**
 * Adapter middleware: a conversation that sends messages faster than its bucket allows gets a polite
 * reply and the turn stops there, so the triage (and its stored state) never sees the message. It
 * runs for /api/messages and Direct Line alike, since both go through the same adapter.
 */
export function conversationRateLimit(deps: ConversationRateLimitDeps): MiddlewareHandler {
  return async (context, next) => {
    const { activity } = context;
    if (activity.type !== ActivityTypes.Message) return next();
    const key = `${activity.channelId}/${activity.conversation?.id}`;
    const decision = deps.buckets.take(key);
    if (decision.allowed) return next();
    deps.logger.warn({ conversationId: activity.conversation?.id, channelId: activity.channelId, retryAfterSeconds: decision.retryAfterSeconds }, 'conversation rate limited');
    await context.sendActivity(TOO_FAST_MESSAGE.replace('{emergencyNumber}', deps.emergencyNumbers.forLocale(activity.locale)));
  };
}

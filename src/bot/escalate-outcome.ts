import { EventFactory, type TurnContext } from 'botbuilder';
import type { EscalationService } from '../escalation';
import type { Logger } from '../logging/create-logger';
import type { TriageOutcome } from '../triage/triage-outcome';
import type { OutcomeListener } from './triage-bot';

/**
 * The listener that alerts clinicians about an outcome, after the user already has the advice: it
 * queues the alert in the escalation outbox (delivery runs in the background) and, on channels
 * with a human agent hub, sends the Bot Framework `handoff.initiate` event with the summary.
 */
export function escalateOutcome(deps: { service: EscalationService; handoffChannels: readonly string[]; logger: Logger }): OutcomeListener {
  return async (outcome: TriageOutcome, context: TurnContext, userText: string | undefined) => {
    if (!deps.service.shouldAlert(outcome.disposition)) return;
    const { activity } = context;
    const conversation = { id: activity.conversation?.id ?? 'unknown', channelId: activity.channelId ?? 'unknown' };
    try {
      const result = await deps.service.escalate({
        disposition: outcome.disposition,
        redFlags: outcome.redFlags,
        facts: outcome.facts,
        reasons: outcome.reasons.map((reason) => reason.text),
        conversation,
        user: { id: activity.from?.id ?? 'unknown' },
        userText,
      });
      if (result.notifying && deps.handoffChannels.includes(conversation.channelId)) {
        const handoffContext = { alertId: result.alertId, disposition: outcome.disposition, redFlags: outcome.redFlags, facts: outcome.facts };
        await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext));
      }
    } catch (error) {
      // The user already has the advice; a failed alert must never turn into a failed turn.
      deps.logger.error({ conversationId: conversation.id, err: { message: (error as Error).message } }, 'escalation could not be queued');
    }
  };
}

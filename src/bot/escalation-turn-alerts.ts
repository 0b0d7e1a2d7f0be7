import { EventFactory, type TurnContext } from 'botbuilder';
import type { EscalationAlert, EscalationService } from '../escalation';
import type { Logger } from '../logging/create-logger';
import type { CorrectionFollowUp } from '../conversation/conversation-handler';
import type { TriageOutcome } from '../triage/triage-outcome';
import type { TurnAlerts } from './triage-bot';

/**
 * The turn's clinician alerts through the escalation service's outbox (see `TurnAlerts`): an alert per
 * alerting outcome, and a follow-up per confirmed correction of an alerted emergency, with the
 * conversation and user from the activity; after the replies, on channels with
 * a human agent hub, the Bot Framework `handoff.initiate` event with the summary. Store failures are
 * logged, never turned into a failed turn: the record still carries the alert.
 */
export function escalationTurnAlerts(deps: { service: EscalationService; handoffChannels: readonly string[]; logger: Logger }): TurnAlerts {
  const { service, logger } = deps;
  return {
    alertsFor(outcome: TriageOutcome, context: TurnContext, userText: string | undefined): EscalationAlert[] {
      const { activity } = context;
      const alert = service.prepare({
        disposition: outcome.disposition,
        redFlags: outcome.redFlags,
        facts: outcome.facts,
        reasons: outcome.reasons.map((reason) => reason.text),
        conversation: { id: activity.conversation?.id ?? 'unknown', channelId: activity.channelId ?? 'unknown' },
        user: { id: activity.from?.id ?? 'unknown' },
        userText,
      });
      return alert ? [alert] : [];
    },
    followUpsFor(corrected: CorrectionFollowUp, context: TurnContext): EscalationAlert[] {
      const { activity } = context;
      const { outcome } = corrected;
      const alert = service.prepare({
        disposition: outcome.disposition,
        redFlags: outcome.redFlags,
        facts: outcome.facts,
        reasons: outcome.reasons.map((reason) => reason.text),
        conversation: { id: activity.conversation?.id ?? 'unknown', channelId: activity.channelId ?? 'unknown' },
        user: { id: activity.from?.id ?? 'unknown' },
        correction: { follows: corrected.follows, changes: corrected.changes },
      });
      return alert ? [alert] : [];
    },
    stage: async (alerts, source) => {
      for (const alert of alerts) await service.stage(alert, source);
    },
    release: async (alerts) => {
      try {
        return await service.release(alerts);
      } catch (error) {
        logger.error({ conversationId: alerts[0]?.conversation.id, err: { message: (error as Error).message } }, 'escalation could not be queued');
        return [];
      }
    },
    async afterReplies(alerts, context) {
      if (!deps.handoffChannels.includes(context.activity.channelId ?? '')) return;
      for (const alert of alerts.filter((candidate) => candidate.type === 'triage.escalation')) {
        const handoffContext = { alertId: alert.id, disposition: alert.disposition, redFlags: alert.redFlags, facts: alert.facts };
        await context.sendActivity(EventFactory.createHandoffInitiation(context, handoffContext));
      }
    },
  };
}

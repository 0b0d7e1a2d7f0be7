import { ActivityTypes, CardFactory, type Activity } from 'botbuilder';
import { DISPOSITION_HEADLINES, RED_FLAG_WORDS } from '../../escalation/alert-summary';
import type { EscalationAlert } from '../../escalation/escalation-alert';

const HEADLINE_COLOR = {
  emergency_ambulance: 'Attention',
  emergency: 'Attention',
  consultation_24: 'Warning',
  consultation: 'Default',
  self_care: 'Default',
} as const;

/** The message that carries an alert: an Adaptive Card 1.5 (its `fallbackText` is the plain summary) and a notification summary. */
export function buildAlertActivity(alert: EscalationAlert): Partial<Activity> {
  const headline = alert.correction
    ? `FOLLOW-UP: answer corrected (earlier alert: ${DISPOSITION_HEADLINES[alert.correction.follows]})`
    : DISPOSITION_HEADLINES[alert.disposition];
  // Adaptive Card date functions show the time in the reader's own time zone; they want RFC 3339 without milliseconds.
  const when = alert.createdAt.replace(/\.\d+Z$/, 'Z');
  const card = {
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    type: 'AdaptiveCard',
    version: '1.5',
    fallbackText: alert.summary,
    body: [
      { type: 'TextBlock', text: headline, weight: 'Bolder', size: 'Large', color: HEADLINE_COLOR[alert.disposition], wrap: true },
      {
        type: 'FactSet',
        facts: [
          { title: 'Red flags', value: alert.redFlags.length > 0 ? alert.redFlags.map((slot) => RED_FLAG_WORDS[slot]).join('; ') : 'none' },
          { title: 'When', value: `{{DATE(${when}, SHORT)}} {{TIME(${when})}}` },
          { title: 'Channel', value: alert.conversation.channelId },
          { title: 'Conversation', value: alert.conversation.id },
          { title: 'User', value: alert.user.id },
          { title: 'Alert', value: alert.id },
        ],
      },
      ...alert.summary.split('\n').map((line) => ({ type: 'TextBlock', text: line, wrap: true, spacing: 'Small' })),
    ],
  };
  return { type: ActivityTypes.Message, summary: headline, attachments: [CardFactory.adaptiveCard(card)] };
}

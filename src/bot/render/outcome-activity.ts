import type { Activity } from 'botbuilder';
import type { KnowledgeEntry } from '../../knowledge';
import { isEmergency } from '../../triage/triage-policy';
import type { TriageOutcome } from '../../triage/triage-outcome';
import { adaptiveCard, isTeams, textButton, withEmergencyNumber, type RenderContext } from './render-context';

/**
 * The advice at the end of a triage: what to do now (with the user's emergency number and the clinic's
 * own services for it), the reasons,
 * the self-care plan where it applies and the safety net, as text and as a card, with
 * `channelData.triage.outcome` in the contract's shape.
 */
export function outcomeActivity(outcome: TriageOutcome, clinicNotified: boolean, askMe: KnowledgeEntry[], context: RenderContext): Partial<Activity> {
  const { dialog } = context;
  const disposition = dialog.dispositions[outcome.disposition];
  const emergency = isEmergency(outcome.disposition);
  const action = withEmergencyNumber(disposition.action, context);
  const clinic = context.clinicLines?.(outcome.disposition) ?? [];
  const notified = clinicNotified ? dialog.messages.clinicNotified : undefined;
  const safetyNet = dialog.safetyNet.lines.map((line) => withEmergencyNumber(line, context));

  const textParts = [
    `**${disposition.headline}**`,
    action,
    ...(clinic.length > 0 ? [clinic.join(' ')] : []),
    ...(notified ? [notified] : []),
    `Why: ${outcome.reasons.map((reason) => reason.text).join(' ')}`,
    ...outcome.advice.map((block) => `**${block.title}**\n${block.lines.map((line) => `- ${line}`).join('\n')}`),
    `**${dialog.safetyNet.title}**\n${safetyNet.map((line) => `- ${line}`).join('\n')}`,
    ...(askMe.length > 0 ? [`${dialog.messages.askMe} ${askMe.map((entry) => `"${entry.title}"`).join(', ')}.`] : []),
  ];

  const buttons = [
    ...askMe.map((entry) => ({ title: entry.title, text: entry.questions[0] })),
    { title: 'Why this advice?', text: 'why' },
    { title: 'Start over', text: 'restart' },
  ];
  const card = adaptiveCard(
    [
      {
        type: 'Container',
        style: emergency ? 'attention' : outcome.disposition === 'consultation_24' ? 'warning' : 'emphasis',
        bleed: true,
        items: [
          { type: 'TextBlock', text: disposition.headline, size: 'Large', weight: 'Bolder', wrap: true, color: emergency ? 'Attention' : 'Default' },
          { type: 'TextBlock', text: action, wrap: true, weight: emergency ? 'Bolder' : 'Default' },
          ...clinic.map((line) => ({ type: 'TextBlock', text: line, wrap: true, spacing: 'Small' })),
          ...(notified ? [{ type: 'TextBlock', text: notified, wrap: true }] : []),
        ],
      },
      { type: 'TextBlock', text: 'Why', weight: 'Bolder', wrap: true },
      ...outcome.reasons.map((reason) => ({ type: 'TextBlock', text: reason.text, wrap: true, spacing: 'Small' })),
      ...outcome.advice.flatMap((block) => [
        { type: 'TextBlock', text: block.title, weight: 'Bolder', wrap: true, separator: true },
        ...block.lines.map((line) => ({ type: 'TextBlock', text: `- ${line}`, wrap: true, spacing: 'Small' })),
      ]),
      { type: 'TextBlock', text: dialog.safetyNet.title, weight: 'Bolder', wrap: true, separator: true, color: 'Attention' },
      ...safetyNet.map((line) => ({ type: 'TextBlock', text: `- ${line}`, wrap: true, spacing: 'Small' })),
    ],
    isTeams(context) ? buttons.map((button) => textButton(button.title, button.text, context)) : [],
  );

  return {
    type: 'message',
    text: textParts.join('\n\n'),
    attachments: [card],
    // Teams never gets suggested actions next to a card; elsewhere they are the quickest way on.
    suggestedActions: isTeams(context)
      ? undefined
      : { to: [], actions: buttons.map((button) => ({ type: 'imBack', title: button.title, value: button.text })) },
    channelData: {
      triage: {
        outcome: {
          disposition: outcome.disposition,
          redFlags: outcome.redFlags,
          facts: outcome.facts,
          reasons: outcome.reasons.map((reason) => reason.text),
        },
      },
    },
  };
}

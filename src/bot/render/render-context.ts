import type { Dialog, Disposition } from '../../triage/dialog-schema';

/** What rendering needs besides the reply: the dialog's texts, the channel, the user's emergency number and the clinic's services. */
export interface RenderContext {
  dialog: Dialog;
  channelId: string;
  emergencyNumber: string;
  /** The clinic's own services to name with a disposition's advice (none when no clinic is configured). */
  clinicLines?: (disposition: Disposition) => string[];
}

/** True for Microsoft Teams, whose rendering rules differ (no suggested actions next to a card, at most three). */
export function isTeams(context: RenderContext): boolean {
  return context.channelId === 'msteams';
}

/** A button that sends `text` as if the user typed it: a card action on Teams, where imBack must go through `msteams`. */
export function textButton(title: string, text: string, context: RenderContext): Record<string, unknown> {
  return isTeams(context)
    ? { type: 'Action.Submit', title, data: { msteams: { type: 'imBack', value: text } } }
    : { type: 'Action.Submit', title, data: text };
}

/** An Adaptive Card attachment at schema 1.5, the highest Teams renders. */
export function adaptiveCard(body: unknown[], actions: unknown[] = []): { contentType: string; content: Record<string, unknown> } {
  return {
    contentType: 'application/vnd.microsoft.card.adaptive',
    content: { type: 'AdaptiveCard', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', version: '1.5', body, actions },
  };
}

/** Fills `{emergencyNumber}` in a text of the dialog. */
export function withEmergencyNumber(text: string, context: RenderContext): string {
  return text.replaceAll('{emergencyNumber}', context.emergencyNumber);
}

/** "Sources: …" in plain titles for the given source ids. */
export function sourcesLine(ids: readonly string[], context: RenderContext): string {
  return `Sources: ${ids.map((id) => context.dialog.sources[id] ?? id).join('; ')}.`;
}

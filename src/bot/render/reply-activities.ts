import type { Activity } from 'botbuilder';
import type { Reply } from '../../conversation/reply';
import { outcomeActivity } from './outcome-activity';
import { questionActivity } from './question-activity';
import { isTeams, sourcesLine, withEmergencyNumber, type RenderContext } from './render-context';

// Teams shows at most three suggested actions, and none on a message with an attachment.
const TEAMS_MAX_SUGGESTED_ACTIONS = 3;

/** Turns the channel-independent replies of a turn into Bot Framework activities for `context.channelId`. */
export function replyActivities(replies: readonly Reply[], context: RenderContext): Partial<Activity>[] {
  return replies.map((reply) => replyActivity(reply, context));
}

function replyActivity(reply: Reply, context: RenderContext): Partial<Activity> {
  const { dialog } = context;
  switch (reply.kind) {
    case 'welcome':
      return { type: 'message', text: withEmergencyNumber(dialog.welcome, context) };
    case 'notice':
      return { type: 'message', text: withEmergencyNumber(reply.text, context) };
    case 'question':
      return questionActivity(reply.question, reply.pendingSlots, reply.withHint);
    case 'outcome':
      return outcomeActivity(reply.outcome, reply.clinicNotified, reply.askMe, context);
    case 'knowledgeAnswer':
      return {
        type: 'message',
        text: `**${reply.entry.title}**\n\n${reply.entry.answer}\n\n${sourcesLine(reply.entry.sources, context)}`,
        channelData: { knowledge: { id: reply.entry.id } },
      };
    case 'knowledgeSuggestions': {
      const entries = isTeams(context) ? reply.entries.slice(0, TEAMS_MAX_SUGGESTED_ACTIONS) : reply.entries;
      return {
        type: 'message',
        text: `${dialog.messages.suggestions}\n\n${entries.map((entry, index) => `${index + 1}. ${entry.title}`).join('\n')}`,
        // A button sends the entry's own first phrasing, which the search always answers (a bare title may only get suggestions).
        suggestedActions: { to: [], actions: entries.map((entry) => ({ type: 'imBack', title: entry.title, value: entry.questions[0] })) },
        channelData: { knowledge: { suggestions: entries.map((entry) => entry.id) } },
      };
    }
    case 'why':
      return {
        type: 'message',
        text: [dialog.messages.why, ...reply.outcome.reasons.map((reason) => `- ${reason.text} ${sourcesLine(reason.sources, context)}`)].join('\n'),
      };
  }
}

import type { KnowledgeEntry } from '../knowledge';
import type { Question } from '../triage/dialog-schema';
import type { SlotName } from '../triage/slots';
import type { TriageOutcome } from '../triage/triage-outcome';

/**
 * One thing the bot says, independent of the channel. The bot folder turns each into an activity
 * (text, Adaptive Card, channelData); `{emergencyNumber}` placeholders are filled there.
 */
export type Reply =
  | { kind: 'welcome' }
  | { kind: 'notice'; text: string }
  | { kind: 'question'; question: Question; pendingSlots: SlotName[]; withHint: boolean }
  | { kind: 'outcome'; outcome: TriageOutcome; clinicNotified: boolean; askMe: KnowledgeEntry[] }
  | { kind: 'knowledgeAnswer'; entry: KnowledgeEntry }
  | { kind: 'knowledgeSuggestions'; entries: KnowledgeEntry[] }
  | { kind: 'why'; outcome: TriageOutcome };

import type { Facts, RedFlagSlot } from '../triage/slots';
import type { Question } from '../triage/dialog-schema';

/** The commands a user can type at any time (shared/conversation-contract.md, "Commands"), plus "why?". */
export type Command = 'restart' | 'help' | 'back' | 'forgetMe' | 'why';

/** What one typed message means to the triage. */
export interface Understanding {
  /** A command, when the whole message is one ("start over", "help", "back", "forget me", "why?"). */
  command?: Command;
  /**
   * Slot values read from the message: the answer to the pending question and any other fact it
   * states. Red flags stated as present are `true`; negated ones are `false`; "not sure" is `unsure`.
   */
  facts: Facts;
  /** Red flags the message mentions without saying clearly whether they are present: ask them directly. */
  unclearRedFlags: RedFlagSlot[];
  /** The message reads as a question for the knowledge base ("heat or ice?", "what is sciatica?"). */
  isQuestion: boolean;
  /** When it is a question: the words that ask ("how long will it take?" at the end of a story), for the knowledge search. */
  asked?: string;
}

/**
 * Reads a typed message in the light of the question that is pending (if any). Pure. Throws only on a
 * fault of its own; the caller re-asks the pending question and reports the fault.
 */
export interface Recognizer {
  /** `today` is the writer's date, which dates "since Tuesday"; the recognizer's clock when absent. */
  understand(text: string, pending?: Question, today?: Date): Understanding;
}

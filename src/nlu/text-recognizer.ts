import type { Dialog, Question } from '../triage/dialog-schema';
import { isRedFlagSlot, type Facts, type RedFlagSlot, type Tristate } from '../triage/slots';
import { AnswerParser } from './answer-parser';
import { CommandDetector } from './command-detector';
import { ContextScanner } from './context-scanner';
import { DurationParser } from './duration-parser';
import { FactExtractor } from './fact-extractor';
import type { Lexicon } from './lexicon-schema';
import { loadLexicon } from './load-lexicon';
import { RedFlagDetector, type RedFlagReading } from './red-flag-detector';
import { TextReader } from './text-reader';
import type { Recognizer, Understanding } from './understanding';

/** Options of the recognizer. */
export interface RecognizerOptions {
  /** Today's date, for "since Tuesday"; the system clock when absent. */
  now?: () => Date;
}

/** Longer messages are cut: nobody types a triage answer this long, and it bounds the cost of one message. */
const MAX_CHARACTERS = 4000;

/**
 * The free-text recognizer: commands, the pending question's answer, red flags on any turn (negated,
 * someone else's, questions and vague mentions told apart), other facts, and whether the message is a
 * question. Build once: the wink-nlp model and the lexicon's matchers are slow to build.
 */
export class TextRecognizer implements Recognizer {
  private readonly reader = new TextReader();
  private readonly context: ContextScanner;
  private readonly commands: CommandDetector;
  private readonly redFlags: RedFlagDetector;
  private readonly facts: FactExtractor;
  private readonly answers: AnswerParser;
  private readonly now: () => Date;

  constructor(dialog: Dialog, lexicon: Lexicon, options: RecognizerOptions = {}) {
    this.now = options.now ?? (() => new Date());
    const durations = new DurationParser(this.reader, lexicon);
    this.context = new ContextScanner(this.reader, lexicon);
    this.commands = new CommandDetector(this.reader, lexicon);
    this.redFlags = new RedFlagDetector(this.reader, lexicon);
    this.facts = new FactExtractor(this.reader, lexicon, durations);
    this.answers = new AnswerParser(this.reader, lexicon, durations);
    this.answers.prepare(dialog.questions);
  }

  /** Reads one message (its first MAX_CHARACTERS). Throws only on a fault of the recognizer's own. */
  understand(text: string, pending?: Question, today?: Date): Understanding {
    return this.read(typeof text === 'string' ? text.slice(0, MAX_CHARACTERS) : '', pending, today ?? this.now());
  }

  private read(raw: string, pending: Question | undefined, today: Date): Understanding {
    const text = this.reader.read(raw.trim());
    if (text.tokens.length === 0) return { facts: {}, unclearRedFlags: [], isQuestion: false };
    const command = this.commands.detect(text);
    if (command) return { command, facts: {}, unclearRedFlags: [], isQuestion: false };
    const context = this.context.scan(text);
    const readings = this.redFlags.detect(text, context);
    const facts: Facts = { ...this.facts.extract(text, context, readings, today) };
    // "yes 22 weeks", answering whether she is pregnant, dates the pregnancy, not the pain.
    if (pending?.slots.includes('pregnant')) delete facts.durationDays;
    const unclear = new Set<RedFlagSlot>();
    for (const reading of readings) {
      if (reading.value === 'unclear') unclear.add(reading.slot);
      else mergeSafer(facts, reading.slot, reading.value);
    }
    let answeredWholly = false;
    if (pending) {
      const answer = this.answers.parse(text, context, pending, readings, today);
      answeredWholly = answer.wholeMessage;
      for (const [slot, value] of Object.entries(answer.facts)) {
        // Naming a checklist item in a vague sentence ("something weird with my bladder?") is not a yes: ask it directly.
        if (isRedFlagSlot(slot) && value === true && unclear.has(slot) && !answer.pointedAt?.includes(slot)) continue;
        if (isRedFlagSlot(slot)) mergeSafer(facts, slot, value as Tristate);
        else (facts as Record<string, unknown>)[slot] = value;
      }
    }
    // A slot with a clear value is not also unclear.
    const unclearRedFlags = [...unclear].filter((slot) => facts[slot] === undefined);
    const isQuestion = !answeredWholly && context.isQuestion() && !hasPresentRedFlagOnly(readings, context.isKnowledgeQuestion());
    return isQuestion ? { facts, unclearRedFlags, isQuestion, asked: context.askedText() } : { facts, unclearRedFlags, isQuestion };
  }
}

/** For a red flag, present beats not sure beats absent: the safer reading wins. */
function mergeSafer(facts: Facts, slot: RedFlagSlot, value: Tristate): void {
  const current = facts[slot];
  if (current === undefined || current === false || (current === 'unsure' && value === true)) facts[slot] = value;
}

/** "something weird with my bladder?" is a vague symptom, not a question for the knowledge base. */
function hasPresentRedFlagOnly(readings: RedFlagReading[], startsLikeQuestion: boolean): boolean {
  return !startsLikeQuestion && readings.some((reading) => reading.value !== false);
}

/** Builds the recognizer from the dialog and the lexicon (`dialogs/lexicon.json` when absent). */
export function createRecognizer(dialog: Dialog, lexicon: Lexicon = loadLexicon(), options: RecognizerOptions = {}): Recognizer {
  return new TextRecognizer(dialog, lexicon, options);
}

import type { Lexicon } from './lexicon-schema';
import { PhraseMatcher } from './phrase-matcher';
import type { ReadText, TextReader } from './text-reader';
import type { Command } from './understanding';

const COMMANDS: Command[] = ['restart', 'help', 'back', 'forgetMe', 'why'];
/** Politeness around a command that does not change it. */
const FILLER = new Set(['please', 'pls', 'plz', 'ok', 'okay', 'can', 'you', 'bot', 'hey', 'hi', 'i', 'want', 'to', 'let', "'s", 'us', 'just']);

/** Recognises a command when it is the whole message ("start over", "go back", "forget me", "why?"). */
export class CommandDetector {
  private readonly phrases: PhraseMatcher<Command>;

  constructor(reader: TextReader, lexicon: Lexicon) {
    this.phrases = new PhraseMatcher<Command>(reader, 0);
    for (const command of COMMANDS) for (const phrase of lexicon.commands[command]) this.phrases.add(phrase, command);
  }

  /** The command the whole message is, if it is one. */
  detect(text: ReadText): Command | undefined {
    const words = text.tokens.map((token, index) => ({ token, index })).filter(({ token }) => !token.isPunctuation);
    if (words.length === 0 || words.length > 8) return undefined;
    const matches = this.phrases.findAll(text.tokens).sort((a, b) => b.matched.length - a.matched.length);
    for (const match of matches) {
      const covered = new Set(match.matched);
      if (words.every(({ token, index }) => covered.has(index) || FILLER.has(token.norm))) return match.value;
    }
    return undefined;
  }
}

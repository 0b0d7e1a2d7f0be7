import { Counter, Histogram, Registry } from 'prom-client';
import type { TurnResult } from '../conversation/conversation-handler';

/**
 * The bot's Prometheus metrics (prom-client, its own registry): counts and timings only, never text or
 * ids. Labels are closed sets (dispositions, slot names, question ids, route patterns, statuses).
 */
export class BotMetrics {
  readonly registry = new Registry();
  private readonly turns = new Counter({ name: 'triage_turns_total', help: 'Conversation turns handled.', registers: [this.registry] });
  private readonly outcomes = new Counter({
    name: 'triage_outcomes_total',
    help: 'Outcomes reached (a new or changed disposition), by disposition.',
    labelNames: ['disposition'],
    registers: [this.registry],
  });
  private readonly redFlags = new Counter({
    name: 'triage_red_flags_total',
    help: 'Red flags behind the outcomes reached, by slot.',
    labelNames: ['slot'],
    registers: [this.registry],
  });
  private readonly confirmations = new Counter({
    name: 'triage_direct_confirmations_total',
    help: 'Red flags mentioned too vaguely to tell, asked directly, by slot.',
    labelNames: ['slot'],
    registers: [this.registry],
  });
  private readonly notUnderstood = new Counter({
    name: 'triage_answers_not_understood_total',
    help: 'Answers not understood (the question asked again with a hint), by question.',
    labelNames: ['question'],
    registers: [this.registry],
  });
  private readonly knowledge = new Counter({
    name: 'triage_knowledge_replies_total',
    help: 'Knowledge replies: an answer, or suggestions when no entry was clear enough.',
    labelNames: ['kind'],
    registers: [this.registry],
  });
  private readonly turnSeconds = new Histogram({
    name: 'triage_turn_duration_seconds',
    help: 'Time from reading a message to having sent the replies.',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  private readonly http = new Counter({
    name: 'http_responses_total',
    help: 'HTTP responses, by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers: [this.registry],
  });

  /** Counts one handled turn and what it showed; `seconds` is the turn's duration. */
  observeTurn(result: TurnResult, seconds: number): void {
    this.turns.inc();
    this.turnSeconds.observe(seconds);
    if (result.concluded) {
      this.outcomes.inc({ disposition: result.concluded.disposition });
      for (const slot of result.concluded.redFlags) this.redFlags.inc({ slot });
    }
    for (const reply of result.replies) {
      if (reply.kind === 'knowledgeAnswer') this.knowledge.inc({ kind: 'answer' });
      else if (reply.kind === 'knowledgeSuggestions') this.knowledge.inc({ kind: 'suggestions' });
      else if (reply.kind === 'question') {
        if (reply.withHint) this.notUnderstood.inc({ question: reply.question.id });
        if (reply.question.id.startsWith('confirm-')) for (const slot of reply.pendingSlots) this.confirmations.inc({ slot });
      }
    }
  }

  /** Counts one HTTP response; `route` is the route's pattern (ids stay out), or "unmatched". */
  observeHttp(method: string, route: string, status: number): void {
    this.http.inc({ method, route, status: String(status) });
  }

  /** The Prometheus text exposition of every metric. */
  async exposition(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}

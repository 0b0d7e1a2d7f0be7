import { startBotServer, runHttpTriage, sendMessage, type BotServer } from './support/bot-server';
import { loadVignettes } from './support/vignettes';

const TOKEN = 'scrape-token-0123456789';

/** The samples of a Prometheus text exposition, by metric name and labels ("name{a=\"b\"}" → value). */
function samples(exposition: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of exposition.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const at = line.lastIndexOf(' ');
    map.set(line.slice(0, at), Number(line.slice(at + 1)));
  }
  return map;
}

async function scrape(server: BotServer, token = TOKEN): Promise<Response> {
  return fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${token}` } });
}

describe('GET /metrics (Prometheus text format)', () => {
  let server: BotServer;
  beforeAll(async () => {
    server = await startBotServer({ METRICS_TOKEN: TOKEN, RATE_LIMIT_PER_MINUTE_CONVERSATION: '0', RATE_LIMIT_PER_MINUTE_CLIENT: '0' });
  });
  afterAll(() => server.close());

  it('after a scripted run of 50 triages, counts exactly their turns, outcomes by disposition, red flags by slot and responses', async () => {
    const vignettes = loadVignettes().slice(0, 50);
    let turns = 0;
    const outcomes = new Map<string, number>();
    const redFlags = new Map<string, number>();
    for (const [index, vignette] of vignettes.entries()) {
      const triage = await runHttpTriage([server.url], `metrics-${index}`, vignette.facts);
      turns += triage.asked.length + 1;
      const outcome = triage.outcome!;
      outcomes.set(outcome.disposition, (outcomes.get(outcome.disposition) ?? 0) + 1);
      for (const slot of outcome.redFlags) redFlags.set(slot, (redFlags.get(slot) ?? 0) + 1);
    }
    // One knowledge question and one answer the bot cannot read, in a conversation of their own.
    await sendMessage(server.url, 'metrics-extra', 'hello');
    await sendMessage(server.url, 'metrics-extra', 'should I use heat or ice on my back?');
    await sendMessage(server.url, 'metrics-extra', 'purple');
    turns += 3;

    const response = await scrape(server);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const body = await response.text();
    const got = samples(body);
    expect(got.get('triage_turns_total')).toBe(turns);
    expect(got.get('triage_turn_duration_seconds_count')).toBe(turns);
    expect(new Set(outcomes.keys()).size).toBeGreaterThanOrEqual(4);
    for (const [disposition, count] of outcomes) expect([disposition, got.get(`triage_outcomes_total{disposition="${disposition}"}`)]).toEqual([disposition, count]);
    const outcomeTotal = [...got].filter(([key]) => key.startsWith('triage_outcomes_total{')).reduce((sum, [, value]) => sum + value, 0);
    expect(outcomeTotal).toBe(50);
    expect(redFlags.size).toBeGreaterThan(3);
    for (const [slot, count] of redFlags) expect([slot, got.get(`triage_red_flags_total{slot="${slot}"}`)]).toEqual([slot, count]);
    expect(got.get('triage_knowledge_replies_total{kind="answer"}')).toBe(1);
    expect(got.get('triage_answers_not_understood_total{question="emergency-screen"}')).toBe(1);
    expect(got.get('http_responses_total{method="POST",route="/api/messages",status="200"}')).toBe(turns);
    // No text, no ids.
    expect(body).not.toMatch(/metrics-\d|metrics-extra|heat or ice|purple/);
  });

  it('refuses a scrape without the bearer token, or with another one', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await scrape(server, 'scrape-token-9876543210')).status).toBe(401);
  });

  it('is off without METRICS_TOKEN', async () => {
    const off = await startBotServer({});
    try {
      expect((await fetch(`${off.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

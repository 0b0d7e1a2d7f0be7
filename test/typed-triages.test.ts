import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDialog } from '../src/triage/load-dialog';
import { typeStories, typeVignettes, type Story } from '../scripts/nlu-eval/typed-triages';
import { startBotServer, type BotServer } from './support/bot-server';
import { formatSummary, summarise, type Phrasings } from './support/typed-triage';
import { loadVignettes } from './support/vignettes';

// Issue 13: whole triages answered only in words on a text-only channel, through /api/messages.
// The tune split is asserted here; `npm run eval:nlu` reports the held-out split beside it.
const fixture = (name: string) => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'nlu', name), 'utf8'));

describe('typed triages on the tune split (phrasings written without the lexicon)', () => {
  let server: BotServer;
  beforeAll(async () => {
    server = await startBotServer({ RATE_LIMIT_PER_MINUTE_CLIENT: '0' });
  });
  afterAll(() => server.close());

  it('types all 60 vignettes in words, three draws: no under-triage, every emergency found, at least 98% exact, at most one misunderstood answer per ten', async () => {
    const runs = await typeVignettes(server.url, loadVignettes(), fixture('typed-answers.tune.json') as Phrasings, [1, 2, 3], 'typed');
    const summary = summarise(runs);
    console.log(formatSummary('typed triages, tune', summary, runs, true));
    expect(summary.under.map((run) => run.name)).toEqual([]);
    expect(summary.emergenciesFound).toBe(summary.emergencies);
    expect(summary.exact / summary.conversations).toBeGreaterThanOrEqual(0.98);
    expect(summary.misunderstood / summary.conversations).toBeLessThanOrEqual(0.1);
  });

  it('tells stories up front and then types the rest: no under-triage, every emergency found', async () => {
    const runs = await typeStories(server.url, loadDialog(), fixture('stories.tune.json') as Story[], fixture('typed-answers.tune.json') as Phrasings, 1, 'story');
    const summary = summarise(runs);
    console.log(formatSummary('stories, tune', summary, runs, true));
    expect(summary.under.map((run) => run.name)).toEqual([]);
    expect(summary.emergenciesFound).toBe(summary.emergencies);
    expect(summary.exact / summary.conversations).toBeGreaterThanOrEqual(0.95);
    // Not yet "never": the figure is reported by eval:nlu; this holds it from getting worse.
    expect(summary.askedAgain / summary.conversations).toBeLessThanOrEqual(0.4);
  });
});

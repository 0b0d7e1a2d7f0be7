import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { chromium, type Browser } from 'playwright-core';
import { startAzurite, type Azurite } from '../support/azurite';
import { runHttpTriage, startBotServer, type BotServer } from '../support/bot-server';
import { loadVignettes } from '../support/vignettes';

// Debian's chromium package; `.ci/run` installs it when it is missing.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-results');
const ROOT = path.join(__dirname, '..', '..');

describe('npm run report: the clinic lead’s report of a scripted run, in Chromium', () => {
  let azurite: Azurite;
  let server: BotServer;
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    azurite = await startAzurite();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await azurite?.stop();
  });

  it('draws the outcome mix of 50 triages exactly as the run had it, with its charts', async () => {
    const env = {
      STORAGE: 'blob',
      BLOB_CONNECTION_STRING: azurite.connectionString,
      BLOB_CONTAINER: 'report-run',
      AUDIT_HASH_KEY: 'report-key',
      RATE_LIMIT_PER_MINUTE_CONVERSATION: '0',
      RATE_LIMIT_PER_MINUTE_CLIENT: '0',
    };
    server = await startBotServer(env);
    const outcomes = new Map<string, number>();
    const redFlagged = new Set<string>();
    for (const [index, vignette] of loadVignettes().slice(0, 50).entries()) {
      const { disposition, redFlags } = (await runHttpTriage([server.url], `report-${index}`, vignette.facts)).outcome!;
      outcomes.set(disposition, (outcomes.get(disposition) ?? 0) + 1);
      for (const slot of redFlags) redFlagged.add(slot);
    }

    const out = path.join(mkdtempSync(path.join(tmpdir(), 'report-')), 'report.html');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'scripts/report.ts', '--since', '30d', '--out', out], {
      cwd: ROOT,
      env: { ...process.env, ...env, LOG_LEVEL: 'silent' },
    });
    expect(stdout).toMatch(/^50 outcomes from /);

    const page = await browser.newPage({ viewport: { width: 900, height: 1200 } });
    const problems: string[] = [];
    page.on('requestfailed', (request) => problems.push(request.url()));
    page.on('request', (request) => {
      if (!request.url().startsWith('file:')) problems.push(`external request ${request.url()}`);
    });
    await page.goto(`file://${out}`);
    expect(await page.locator('#total-outcomes').textContent()).toBe('50');
    const shown = await page.locator('#outcomes tbody tr').evaluateAll((rows) =>
      rows.map((row) => [row.getAttribute('data-disposition'), Number(row.querySelector('td')!.textContent)] as const),
    );
    expect(Object.fromEntries(shown.filter(([, count]) => count > 0))).toEqual(Object.fromEntries(outcomes));
    // The charts are drawn: one coloured column segment per disposition seen today, one bar per red-flag slot.
    expect(await page.locator('#outcome-mix rect').count()).toBe(outcomes.size);
    expect(await page.locator('#red-flags rect').count()).toBe(redFlagged.size);
    expect(await page.getByText('See a doctor today').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'clinic-report.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});

import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import axe from 'axe-core';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildApp, type App } from '../../src/build-app';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logging/create-logger';

// Debian's chromium package; `.ci/run` installs it when it is missing.
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const SCREENSHOTS = path.join(__dirname, '..', '..', 'test-results');
const PHONE = { width: 390, height: 844 };

/** The button a user clicks for each question on the way to a self-care outcome (a lifting strain, 1–3 days). */
const SELF_CARE_ANSWERS: Record<string, string> = {
  'emergency-screen': 'None of these',
  'urgent-screen': 'None of these',
  location: 'Lower back',
  onset: 'Lifting, bending or twisting',
  duration: '1–3 days',
  improving: 'Yes',
  character: 'A dull ache',
  radiation: 'It stays in my back',
  'worse-with-cough-sitting': 'No',
  pregnant: 'No',
  'fatty-meals': 'No',
};

interface SeenActivity {
  id: string;
  from: { role?: string };
  text?: string;
  channelData?: { triage?: { questionId?: string; outcome?: { disposition: string } } };
}

/** Records every activity the page receives from the Direct Line endpoint, as the page saw it. */
function watchActivities(page: Page): SeenActivity[] {
  const seen: SeenActivity[] = [];
  page.on('response', async (response) => {
    if (response.request().method() !== 'GET' || !/\/v3\/directline\/conversations\/[^/]+\/activities/.test(response.url())) return;
    const body = (await response.json().catch(() => undefined)) as { activities?: SeenActivity[] } | undefined;
    for (const activity of body?.activities ?? []) {
      if (!seen.some((known) => known.id === activity.id)) seen.push(activity);
    }
  });
  return seen;
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Answers each question the page receives by clicking its scripted button, until an outcome arrives. */
async function clickThrough(page: Page, seen: SeenActivity[], answers: Record<string, string>): Promise<SeenActivity> {
  const answered = new Set<string>();
  for (let step = 0; step < 20; step += 1) {
    const next = await waitFor('the next question or the outcome', () =>
      seen.find((a) => a.channelData?.triage?.outcome || (a.channelData?.triage?.questionId && !answered.has(a.id))),
    );
    if (next.channelData?.triage?.outcome) return next;
    answered.add(next.id);
    const questionId = next.channelData!.triage!.questionId!;
    const label = answers[questionId];
    if (!label) throw new Error(`no scripted answer for question "${questionId}"`);
    await page.getByRole('button', { name: label, exact: true }).last().click();
  }
  throw new Error('no outcome after 20 answers');
}

describe('the chat page in Chromium', () => {
  let app: App | undefined;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    if (process.env.E2E_BASE_URL) {
      base = process.env.E2E_BASE_URL.replace(/\/$/, '');
    } else {
      app = buildApp(loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'warn' }), { logger: createLogger('warn') });
      await new Promise<void>((resolve) => app!.server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    }
    const home = await fetch(`${base}/`);
    if (home.status !== 200) throw new Error(`GET / answered ${home.status}: is registerWebChat wired into the server?`);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    if (app) await new Promise<void>((resolve) => app!.server.close(() => resolve()));
  });

  async function openPage(): Promise<{ page: Page; seen: SeenActivity[]; problems: string[] }> {
    const page = await browser.newPage({ viewport: PHONE });
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const seen = watchActivities(page);
    await page.goto(`${base}/`);
    return { page, seen, problems };
  }

  it('shows the welcome and the first question, and clicking through the cards reaches self-care advice', async () => {
    const { page, seen, problems } = await openPage();
    await page.getByText(/triage assistant/).first().waitFor();
    await page.getByRole('button', { name: 'None of these', exact: true }).first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-chat-1-welcome.png') });

    const outcome = await clickThrough(page, seen, SELF_CARE_ANSWERS);
    expect(outcome.channelData?.triage?.outcome?.disposition).toBe('self_care');
    await page.getByText('Start over', { exact: true }).last().waitFor();
    // The advice opens with its headline in bold: bring it into view for the screenshot.
    const headline = /^\*\*(.+?)\*\*/.exec(outcome.text ?? '')?.[1];
    expect(headline).toBeTruthy();
    await page.getByText(headline!, { exact: true }).last().scrollIntoViewIfNeeded();
    expect(await page.locator('#emergency-banner').isHidden()).toBe(true);
    expect(await page.locator('.triage-emergency').count()).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-chat-2-self-care.png') });
    expect(problems).toEqual([]);
    await page.close();
  });

  /** The page's serious and critical WCAG 2.1 A/AA violations, as axe-core (run inside the page) reports them. */
  async function seriousViolations(page: Page): Promise<string[]> {
    // Web Chat fades new activities in: contrast is measured once no animation or transition runs.
    await page.waitForFunction(() => (globalThis as unknown as { document: { getAnimations(): Array<{ playState: string }> } }).document.getAnimations().every((a) => a.playState !== 'running'));
    await page.evaluate(axe.source);
    const violations = await page.evaluate(async () => {
      // Runs in the page, where axe-core now is (the test's type-check has no DOM types).
      const scope = globalThis as unknown as { axe: typeof axe; document: unknown };
      const result = await scope.axe.run(scope.document as never, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return {
        passed: result.passes.length,
        found: result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.any.map((c) => c.message).join('; ')}`).slice(0, 3) })),
      };
    });
    // axe really ran its rules on the page.
    expect(violations.passed).toBeGreaterThan(10);
    return violations.found.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.impact}): ${v.nodes.join(', ')}`);
  }

  it('has no serious or critical WCAG 2.1 AA violation (axe-core), at the welcome and with the emergency banner shown', async () => {
    const { page, seen } = await openPage();
    await page.getByRole('button', { name: 'None of these', exact: true }).first().waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('textbox').last().fill("I can't control my bladder");
    await page.keyboard.press('Enter');
    await waitFor('the emergency outcome', () => seen.find((activity) => activity.channelData?.triage?.outcome));
    await page.locator('#emergency-banner').waitFor({ state: 'visible' });
    await page.locator('.triage-emergency .ac-adaptiveCard').first().waitFor({ state: 'visible' });
    expect(await seriousViolations(page)).toEqual([]);
    await page.close();
  });

  it('typing a red flag with the keyboard alone shows the emergency advice prominently', async () => {
    const { page, seen, problems } = await openPage();
    await page.getByRole('button', { name: 'None of these', exact: true }).first().waitFor();

    // Reach the send box with Tab only, as a keyboard user would.
    for (let presses = 0; presses < 30; presses += 1) {
      const focused = (await page.locator(':focus').getAttribute('aria-label', { timeout: 200 }).catch(() => null)) ?? '';
      if (/message input/i.test(focused)) break;
      await page.keyboard.press('Tab');
    }
    expect(await page.locator(':focus').getAttribute('aria-label')).toMatch(/message input/i);
    await page.keyboard.type("I can't control my bladder");
    await page.keyboard.press('Enter');

    const outcome = await waitFor('the emergency outcome', () => seen.find((activity) => activity.channelData?.triage?.outcome));
    expect(outcome.channelData?.triage?.outcome?.disposition).toBe('emergency');
    const banner = page.locator('#emergency-banner');
    await banner.waitFor({ state: 'visible' });
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.innerText()).toMatch(/emergency department/i);
    const framed = page.locator('.triage-emergency');
    await framed.first().waitFor({ state: 'visible' });
    expect(await framed.count()).toBe(1);
    await framed.first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'web-chat-3-emergency.png') });
    expect(problems).toEqual([]);
    await page.close();
  });
});

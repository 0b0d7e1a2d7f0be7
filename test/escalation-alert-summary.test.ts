import { buildAlertSummary } from '../src/escalation/alert-summary';
import type { EscalationRequest } from '../src/escalation/escalation-alert';
import fixtures from './fixtures/escalation-requests.json';

const requests = fixtures as unknown as Record<string, EscalationRequest>;

describe('buildAlertSummary', () => {
  it('leads with the disposition and names each red flag in plain words and by slot', () => {
    const summary = buildAlertSummary(requests.caudaEquina);
    const [headline] = summary.split('\n');
    expect(headline).toMatch(/^EMERGENCY — emergency department advised\. Red flags: /);
    expect(headline).toContain('possible cauda equina) [bladderBowel]');
    expect(headline).toContain('saddle numbness (possible cauda equina) [saddleNumbness]');
    expect(summary).toContain('Lower back pain, 2 days, started lifting or twisting, spreads below the knee.');
    expect(summary).toContain('Why: New loss of bladder or bowel control');
  });

  it('leaves out the user text unless it is passed in', () => {
    const { userText, ...withoutText } = requests.caudaEquina;
    expect(buildAlertSummary(withoutText)).not.toContain(userText as string);
    expect(buildAlertSummary(requests.caudaEquina)).toContain(`In their words: "${userText}"`);
  });

  it('shows the emergency-screen items the user was unsure of', () => {
    const summary = buildAlertSummary(requests.unsureScreen);
    expect(summary.split('\n')[0]).toBe('URGENT — see a doctor within 24 hours.');
    expect(summary).toContain('Unsure about: new loss of bladder or bowel control or trouble passing urine (possible cauda equina) [bladderBowel].');
    expect(summary).toContain('Middle back pain, since today, not improving.');
  });
});

import { readFileSync } from 'node:fs';
import { loadDialog } from '../src/triage/load-dialog';
import { TRIAGE_GRAPH_FILE, triageFlowchart, triageGraphMarkdown } from '../scripts/triage-diagram';

const dialog = loadDialog();

describe('the clinicians\' diagram (docs/triage-graph.md)', () => {
  it('is the diagram of the statechart that runs: run `npm run graph` when this fails', () => {
    expect(readFileSync(TRIAGE_GRAPH_FILE, 'utf8')).toBe(triageGraphMarkdown(dialog));
  });

  const chart = triageFlowchart(dialog);
  const edge = (from: string, to: string) => chart.split('\n').find((line) => line.includes(`${from} -->|`) && line.trim().endsWith(` ${to}`));

  it('shows the emergency exit, the early outcome and the clarification as the policy says them', () => {
    expect(edge('triage_deciding', 'triage_outcome')).toContain('an emergency answer: the questions stop at once');
    expect(edge('triage_deciding', 'triage_earlyOutcome')).toContain('within 24 hours reached, not yet told');
    expect(edge('triage_deciding', 'triage_clarifying')).toContain('a red flag told unclearly');
  });

  it('shows the question order and each skip rule on the way to the next question', () => {
    expect(edge('triage_deciding', 'question_emergency_screen')).toContain('the questions in order, from the first');
    expect(edge('question_duration', 'question_improving')).toBe('  question_duration -->|"skip: already told · cannot change the outcome"| question_improving');
    expect(edge('question_improving', 'question_character')).toContain('asked only when durationDays ≥ 7');
    expect(edge('question_fatty_meals', 'triage_outcome')).toContain('asked only when location in middle/upper');
    expect(edge('question_improving', 'triage_painDetails_improving_asking')).toContain('otherwise: ask it');
  });

  it('draws the phases as boxes and every question of the dialog in them', () => {
    expect(chart).toContain('subgraph triage_screening["screening"]');
    expect(chart).toContain('subgraph triage_painDetails["painDetails"]');
    for (const question of dialog.questions) expect(chart).toContain(`{"${question.id}?"}`);
  });
});

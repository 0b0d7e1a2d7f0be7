/**
 * The clinicians' diagram of the triage, drawn from the statechart that runs (`createTriageMachine`,
 * read with `xstate/graph`'s `toDirectedGraph`), not from the question list: every phase, question,
 * skip rule, clarification and early outcome a reader sees is a state or a transition of the machine.
 */
import path from 'node:path';
import type { AnyTransitionDefinition } from 'xstate';
import { toDirectedGraph, type DirectedGraphEdge, type DirectedGraphNode } from 'xstate/graph';
import type { Condition, Dialog } from '../src/triage/dialog-schema';
import { PROJECT_ROOT } from '../src/content/project-root';
import { slotsOf } from '../src/triage/condition';
import { createTriageMachine } from '../src/triage/triage-machine';

/** Where the diagram lives. */
export const TRIAGE_GRAPH_FILE = path.join(PROJECT_ROOT, 'docs', 'triage-graph.md');

/** A condition of the dialog in words ("durationDays ≥ 7 and improving in false/unsure"). */
export function describeCondition(condition: Condition): string {
  if ('all' in condition) return condition.all.map(describeCondition).join(' and ');
  if ('any' in condition) return condition.any.map(describeCondition).join(' or ');
  if ('not' in condition) return `not (${describeCondition(condition.not)})`;
  if ('equals' in condition) return `${condition.slot} = ${String(condition.equals)}`;
  if ('in' in condition) return `${condition.slot} in ${condition.in.join('/')}`;
  if ('notIn' in condition) return `${condition.slot} not ${condition.notIn.join('/')}`;
  if ('atLeast' in condition) return `${condition.slot} ≥ ${condition.atLeast}`;
  if ('atMost' in condition) return `${condition.slot} ≤ ${condition.atMost}`;
  return `${condition.slot} ${condition.known ? 'known' : 'unknown'}`;
}

/** The words for each guard and event of the machine, as the policy says them. */
function edgeLabel(dialog: Dialog, transition: AnyTransitionDefinition): string {
  const named = transition.guard as string | { type: string; params?: { questionId: string } } | undefined;
  const guard = typeof named === 'string' ? { type: named, params: undefined } : named;
  const question = guard?.params && dialog.questions.find((candidate) => candidate.id === guard.params!.questionId);
  const event = transition.eventType;
  switch (guard?.type) {
    case 'emergencyReached': return 'an emergency answer: the questions stop at once';
    case 'nothingLeftToAsk': return 'no question left that could change the outcome';
    case 'urgentOutcomeNotYetGiven': return 'within 24 hours reached, not yet told';
    case 'redFlagToClarify': return 'a red flag told unclearly';
    case 'alreadyTold': return 'skip: already told';
    case 'notAskedNow': return `skip: asked only when ${describeCondition(question!.askWhen!)}`;
    case 'cannotChangeOutcome': return 'skip: cannot change the outcome';
    case undefined: break;
    default: throw new Error(`No words for the guard "${guard?.type}": add them to scripts/triage-diagram.ts`);
  }
  if (event === '') {
    const target = transition.target![0];
    if (target.key === 'asking') return 'otherwise: ask it';
    if (target.key === 'screening') return 'otherwise: the questions in order, from the first';
    return 'then';
  }
  const words: Record<string, string> = {
    'user.answered': 'answer',
    'user.gaveNoAnswer': 'no answer: ask again',
    'user.misunderstood': 'not understood: ask again with the hint',
    'user.wentBack': 'back',
    'user.restarted': 'restart',
  };
  const said = words[event];
  if (said === undefined) throw new Error(`No words for the event "${event}": add them to scripts/triage-diagram.ts`);
  return said;
}

/** The state a transition into `stateNode` ends in when it is compound: its initial child, down to a leaf. */
function firstStep(stateNode: DirectedGraphEdge['target']): DirectedGraphEdge['target'] {
  return stateNode.type === 'compound' ? firstStep(stateNode.initial.target[0]) : stateNode;
}

const mermaidId = (stateId: string) => stateId.replace(/[^A-Za-z0-9]+/g, '_');
const quote = (text: string) => `"${text.replaceAll('"', '#quot;')}"`;

/** The Mermaid flowchart of the triage statechart built from `dialog`. */
export function triageFlowchart(dialog: Dialog): string {
  const root = toDirectedGraph(createTriageMachine(dialog));
  const lines = ['flowchart TD'];
  const edges = new Map<string, string[]>();
  const nodeText = (node: DirectedGraphNode): string => {
    const { key } = node.stateNode;
    const parent = node.stateNode.parent?.key;
    const question = dialog.questions.find((candidate) => candidate.id === parent);
    if (question && key === 'considering') return `{${quote(`${question.id}?`)}}`;
    if (question && key === 'asking') return `[${quote(`ask ${question.id}: ${question.slots.join(', ')}`)}]`;
    if (key === 'deciding') return `{{${quote('after each answer: the policy decides')}}}`;
    if (key === 'outcome') return `([${quote('outcome: highest rule wins, with the safety net')}])`;
    if (key === 'earlyOutcome') return `([${quote('early outcome: within 24 hours, told at once')}])`;
    if (key === 'clarifying') return `[${quote('ask the unclear red flag on its own (yes / no / not sure)')}]`;
    return `[${quote(key)}]`;
  };
  // A compound state is drawn as a box (a phase) or, for a question, as its two steps; its edges start at its first step.
  const draw = (node: DirectedGraphNode, indent: string): void => {
    const isQuestion = dialog.questions.some((question) => question.id === node.stateNode.key) && node.stateNode.parent?.parent !== undefined;
    if (node.children.length > 0 && !isQuestion) {
      lines.push(`${indent}subgraph ${mermaidId(node.id)}[${quote(node.stateNode.key)}]`);
      for (const child of node.children) draw(child, `${indent}  `);
      lines.push(`${indent}end`);
    } else if (isQuestion) {
      for (const child of node.children) draw(child, indent);
    } else {
      lines.push(`${indent}${mermaidId(node.id)}${nodeText(node)}`);
    }
    // toDirectedGraph lists the event transitions; the eventless ones (skips, the policy's decisions) are the state's `always`.
    const transitions = [...node.edges.map((edge) => edge.transition), ...(node.stateNode.always ?? [])];
    for (const transition of transitions) {
      if (!transition.target) continue; // a transition that stays and does nothing (the outcome hears a non-answer)
      const key = `${mermaidId(node.id)} --> ${mermaidId(firstStep(transition.target![0]).id)}`;
      const label = edgeLabel(dialog, transition);
      if (!edges.get(key)?.includes(label)) edges.set(key, [...(edges.get(key) ?? []), label]);
    }
  };
  lines.push(`  any(["any question or the outcome"])`);
  for (const child of root.children) draw(child, '  ');
  for (const edge of root.edges) {
    const key = `any --> ${mermaidId(firstStep(edge.target).id)}`;
    edges.set(key, [...(edges.get(key) ?? []), edgeLabel(dialog, edge.transition)]);
  }
  for (const [key, labels] of edges) {
    const [source, target] = key.split(' --> ');
    const joined = labels.map((label, index) => (index > 0 ? label.replace(/^skip: /, '') : label)).join(' · ');
    lines.push(`  ${source} -->|${quote(joined)}| ${target}`);
  }
  return lines.join('\n');
}

/** The rules of the policy, each with the question whose answer can make it hold, as a Markdown table. */
export function policyTable(dialog: Dialog): string {
  const rows = dialog.rules.map((rule) => {
    const asked = dialog.questions.filter((question) => slotsOf(rule.when).some((slot) => question.slots.includes(slot))).map((question) => question.id);
    return `| ${rule.id} | ${asked.join(', ')} | ${describeCondition(rule.when)} | ${rule.disposition} |`;
  });
  return ['| rule | asked in | when | disposition |', '|---|---|---|---|', ...rows].join('\n');
}

/** docs/triage-graph.md for `dialog`. */
export function triageGraphMarkdown(dialog: Dialog): string {
  return `# The triage statechart

Generated by \`npm run graph\` from the statechart that runs (\`src/triage/triage-machine.ts\`, built from
\`dialogs/triage.json\`, version ${dialog.version}); do not edit by hand: a test fails when it is stale.

How to read it: after every answer the policy decides first (an emergency ends the questions at once; an
outcome of within 24 hours is told at once; a red flag told unclearly is asked on its own). Then the
questions are walked in order from the first: at each diamond the question is skipped when it is already
told, when it is asked only for other answers, or when no answer to it could change the outcome; the first
question left is asked.

\`\`\`mermaid
${triageFlowchart(dialog)}
\`\`\`

## The rules of the policy

The highest disposition any rule reaches wins (default ${dialog.defaultDisposition}).

${policyTable(dialog)}
`;
}

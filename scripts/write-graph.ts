/**
 * `npm run graph`: writes docs/triage-graph.md, the Mermaid diagram of the triage statechart that
 * runs, so a clinician can review the flow without reading code.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../src/content/project-root';
import { loadDialog } from '../src/triage/load-dialog';
import { TRIAGE_GRAPH_FILE, triageGraphMarkdown } from './triage-diagram';

writeFileSync(TRIAGE_GRAPH_FILE, triageGraphMarkdown(loadDialog()));
console.log(`Wrote ${path.relative(PROJECT_ROOT, TRIAGE_GRAPH_FILE)}`);

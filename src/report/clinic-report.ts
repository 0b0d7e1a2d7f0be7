import type { AuditRecord } from '../audit';
import { DISPOSITIONS, type Disposition } from '../triage/dialog-schema';

/** What the report covers besides its records. */
export interface ReportWindow {
  since: Date;
  until: Date;
  /** Plain labels for dispositions and red-flag slots (from the dialog); a missing label shows the name. */
  labels?: { dispositions?: Partial<Record<Disposition, string>>; slots?: Record<string, string> };
}

/** One counted row of a chart. */
interface Bar {
  label: string;
  value: number;
}

// Most urgent first, in colours that read as urgency.
const COLOURS: Record<Disposition, string> = {
  emergency_ambulance: '#8b0000',
  emergency: '#d7263d',
  consultation_24: '#f08a24',
  consultation: '#2e86ab',
  self_care: '#3c9d5d',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function countBy<T>(items: readonly T[], key: (item: T) => string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) for (const k of key(item)) counts.set(k, (counts.get(k) ?? 0) + 1);
  return counts;
}

/** A horizontal bar chart as inline SVG, with the numbers written beside the bars. */
function barChart(id: string, bars: readonly Bar[], colour = '#2e86ab'): string {
  if (bars.length === 0) return '<p class="empty">None in this period.</p>';
  const max = Math.max(...bars.map((bar) => bar.value), 1);
  const rowHeight = 26;
  const labelWidth = 240;
  const width = 720;
  const rows = bars
    .map((bar, index) => {
      const y = index * rowHeight;
      const length = Math.max(2, ((width - labelWidth - 60) * bar.value) / max);
      return (
        `<text x="${labelWidth - 8}" y="${y + 17}" text-anchor="end">${escapeHtml(bar.label)}</text>` +
        `<rect x="${labelWidth}" y="${y + 4}" width="${length.toFixed(1)}" height="${rowHeight - 8}" fill="${colour}"><title>${escapeHtml(bar.label)}: ${bar.value}</title></rect>` +
        `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 17}" class="value">${bar.value}</text>`
      );
    })
    .join('');
  return `<svg id="${id}" role="img" viewBox="0 0 ${width} ${bars.length * rowHeight}" width="${width}" height="${bars.length * rowHeight}">${rows}</svg>`;
}

/** Outcomes per day as stacked columns, most urgent at the top, with a legend. */
function outcomeMixChart(records: readonly AuditRecord[], days: string[], label: (d: Disposition) => string): string {
  if (records.length === 0) return '<p class="empty">No outcomes in this period.</p>';
  const perDay = new Map(days.map((day) => [day, new Map<Disposition, number>()]));
  for (const record of records) {
    const day = perDay.get(record.at.slice(0, 10));
    if (day) day.set(record.disposition, (day.get(record.disposition) ?? 0) + 1);
  }
  const max = Math.max(...[...perDay.values()].map((day) => [...day.values()].reduce((a, b) => a + b, 0)), 1);
  const height = 220;
  const column = Math.max(6, Math.min(40, Math.floor(680 / days.length)));
  const width = 40 + days.length * column;
  const columns = days
    .map((day, index) => {
      let top = height;
      const counts = perDay.get(day)!;
      const stack = [...DISPOSITIONS].reverse().map((disposition) => {
        const count = counts.get(disposition) ?? 0;
        if (count === 0) return '';
        const h = (height * count) / max;
        top -= h;
        return `<rect x="${40 + index * column}" y="${top.toFixed(1)}" width="${column - 2}" height="${h.toFixed(1)}" fill="${COLOURS[disposition]}"><title>${day} ${escapeHtml(label(disposition))}: ${count}</title></rect>`;
      });
      const tick = index % Math.ceil(days.length / 8) === 0 ? `<text x="${40 + index * column}" y="${height + 16}" class="tick">${day.slice(5)}</text>` : '';
      return stack.join('') + tick;
    })
    .join('');
  const axis = `<text x="34" y="12" text-anchor="end" class="tick">${max}</text><text x="34" y="${height}" text-anchor="end" class="tick">0</text>`;
  const legend = DISPOSITIONS.map((d) => `<span class="key"><i style="background:${COLOURS[d]}"></i>${escapeHtml(label(d))}</span>`).join(' ');
  return `<svg id="outcome-mix" role="img" viewBox="0 0 ${width} ${height + 22}" width="${width}" height="${height + 22}">${axis}${columns}</svg><p class="legend">${legend}</p>`;
}

/**
 * The clinic lead's report as one self-contained HTML page (inline SVG charts, no script, no external
 * resource): the outcome mix over time, outcomes and escalations in total, red flags by slot. Pure.
 */
export function renderClinicReport(records: readonly AuditRecord[], window: ReportWindow): string {
  const label = (d: Disposition) => window.labels?.dispositions?.[d] ?? d;
  const slotLabel = (slot: string) => window.labels?.slots?.[slot] ?? slot;
  const days: string[] = [];
  for (let t = Date.UTC(window.since.getUTCFullYear(), window.since.getUTCMonth(), window.since.getUTCDate()); t <= window.until.getTime(); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  const outcomes = countBy(records, (record) => [record.disposition]);
  const outcomeRows = DISPOSITIONS.map(
    (d) => `<tr data-disposition="${d}"><th>${escapeHtml(label(d))}</th><td>${outcomes.get(d) ?? 0}</td><td>${records.length ? Math.round((100 * (outcomes.get(d) ?? 0)) / records.length) : 0}%</td></tr>`,
  ).join('');
  const redFlags = [...countBy(records, (record) => record.redFlags)].sort((a, b) => b[1] - a[1]).map(([slot, value]) => ({ label: slotLabel(slot), value }));
  const escalated = records.filter((record) => record.escalated).length;
  const conversations = new Set(records.map((record) => record.conversation)).size;
  const graphs = [...new Set(records.map((record) => record.graph))];
  const period = `${window.since.toISOString().slice(0, 10)} to ${window.until.toISOString().slice(0, 10)}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Back-pain triage report, ${period}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:800px;color:#222}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse}th,td{padding:.25rem .75rem;text-align:left}td{text-align:right}
svg text{font-size:12px;fill:#222}.tick{font-size:10px;fill:#555}.value{font-weight:bold}
.key{margin-right:1rem;font-size:.85rem}.key i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;vertical-align:middle}
.empty{color:#666}.summary{font-size:1.05rem}.note{color:#555;font-size:.85rem}
</style></head><body>
<h1>Back-pain triage report</h1>
<p class="summary">${period}: <strong id="total-outcomes">${records.length}</strong> outcomes in <strong>${conversations}</strong> conversations; <strong id="escalations">${escalated}</strong> alerted the clinicians.</p>
<h2>Outcome mix over time</h2>
${outcomeMixChart(records, days, label)}
<h2>Outcomes</h2>
<table id="outcomes"><thead><tr><th>disposition</th><td>outcomes</td><td>share</td></tr></thead><tbody>${outcomeRows}</tbody></table>
<h2>Red flags by slot</h2>
${barChart('red-flags', redFlags, '#d7263d')}
<p class="note">From the audit trail (pseudonymous: no facts, no text, no ids). Decision graph version${graphs.length === 1 ? '' : 's'}: ${escapeHtml(graphs.join(', ') || 'none')}. An outcome is counted when it is reached or changes within a conversation.</p>
</body></html>
`;
}

/**
 * `npm run report -- --since 30d [--out report.html]`: writes the clinic lead's report, one
 * self-contained HTML page with charts, from the audit trail in the store the bot is configured with
 * (STORAGE=blob and BLOB_CONNECTION_STRING, and the same AUDIT_HASH_KEY). `--since` takes days (30d),
 * hours (12h) or a date (2026-11-01). Open the file in any browser.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { AuditTrail } from '../src/audit';
import { loadConfig } from '../src/config';
import { renderClinicReport } from '../src/report';
import { createStorage } from '../src/state/create-storage';
import { loadDialog } from '../src/triage/load-dialog';

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  return index >= 0 ? args[index + 1] : undefined;
}

/** "30d", "12h" or an ISO date to the start of the report; undefined when unreadable. */
function parseSince(value: string, now: Date): Date | undefined {
  const relative = /^(\d+)([dh])$/.exec(value);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * (relative[2] === 'd' ? 86_400_000 : 3_600_000));
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

async function main(args: string[]): Promise<number> {
  const now = new Date();
  const since = parseSince(option(args, '--since') ?? '30d', now);
  if (!since) {
    console.error('--since takes a number of days (30d), hours (12h) or a date (2026-11-01).');
    return 2;
  }
  const config = loadConfig();
  if (config.STORAGE !== 'blob') {
    console.error("The audit trail lives in the bot's store: with STORAGE=memory it exists only inside the running bot process. Set STORAGE=blob and BLOB_CONNECTION_STRING as the bot has them.");
    return 2;
  }
  const records = await new AuditTrail(createStorage(config), config.AUDIT_HASH_KEY ?? '').between(since, now);
  const dialog = loadDialog();
  const labels = { dispositions: Object.fromEntries(Object.entries(dialog.dispositions).map(([d, text]) => [d, text.headline])) };
  const out = path.resolve(option(args, '--out') ?? 'report.html');
  writeFileSync(out, renderClinicReport(records, { since, until: now, labels }));
  console.log(`${records.length} outcomes from ${since.toISOString()} written to ${out}`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error((error as Error).message);
    process.exit(1);
  },
);

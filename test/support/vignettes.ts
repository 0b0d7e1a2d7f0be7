import { readFileSync } from 'node:fs';
import path from 'node:path';
import { dispositionSchema, type Disposition } from '../../src/triage/dialog-schema';
import { parseSlotValues, type Facts } from '../../src/triage/slots';

/** A patient's facts and the disposition shared/triage-policy.md gives them. */
export interface Vignette {
  name: string;
  facts: Facts;
  disposition: Disposition;
}

/** The vignettes of `test/fixtures/triage-vignettes.json`; throws on an unknown slot, value or disposition. */
export function loadVignettes(file = path.join(__dirname, '..', 'fixtures', 'triage-vignettes.json')): Vignette[] {
  const rows = JSON.parse(readFileSync(file, 'utf8')) as { name: string; facts: Record<string, unknown>; disposition: string }[];
  return rows.map((row) => {
    const parsed = parseSlotValues(row.facts);
    const bad = [...parsed.unknownSlots, ...parsed.invalidSlots];
    if (bad.length > 0) throw new Error(`Vignette "${row.name}": bad slots ${bad.join(', ')}`);
    return { name: row.name, facts: parsed.facts, disposition: dispositionSchema.parse(row.disposition) };
  });
}

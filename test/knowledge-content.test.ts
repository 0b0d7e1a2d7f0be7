import { loadKnowledgeEntries, type KnowledgeEntry } from '../src/knowledge';

const entries = loadKnowledgeEntries();

function fullText(entry: KnowledgeEntry): string {
  return [entry.title, ...entry.questions, ...entry.keywords, entry.answer, entry.more ?? ''].join('\n');
}

// The topics issue 3 asks the knowledge base to cover, each with the entry that covers it.
const REQUIRED_ENTRIES = [
  'heat-or-ice', 'strain-healing-time', 'doms-or-injury', 'muscle-nerve-or-disc', 'acute-subacute-chronic',
  'bed-rest-or-staying-active', 'stretches-for-back-pain', 'core-exercises', 'posture-and-desk-setup', 'tech-neck',
  'safe-lifting', 'sleep-positions', 'over-the-counter-pain-relief', 'topical-creams', 'massage', 'physical-therapy',
  'chiropractic-care', 'imaging-scans', 'when-to-see-a-doctor', 'cauda-equina-syndrome', 'sciatica',
  'upper-middle-lower-back', 'referred-pain', 'pregnancy-back-pain', 'smoking-and-back-pain', 'weight-and-back-pain',
  'stress-and-back-pain', 'hydration', 'warm-up-and-progression', 'exercising-with-a-sore-back',
];

const BRANDS = /\b(biofreeze|tiger balm|voltaren|icy hot|deep heat|bengay|neuropasil|advil|motrin|nurofen|tylenol|panadol|aleve|salonpas|aspercreme)\b/i;
const DOSES = [
  /\b\d+(?:\.\d+)?\s*(?:mg|mcg|µg|ml|milligrams?|grams?)\b/i,
  /\bmg\b/i,
  /\bevery\s+\d+(?:\s*[–-]\s*\d+)?\s+hours?\b/i,
  /\b(?:tablets?|capsules?|pills?)\b/i,
  /\b\d+\s+times\s+a\s+day\b/i,
];
// Prescription-only treatments and injections the bot must not suggest (triage-policy, "What the bot never does").
const PRESCRIPTION = /\b(injections?|opioids?|codeine|tramadol|gabapentin|pregabalin|diazepam|muscle relaxants?|cortisone)\b/i;

// Red-flag entries and the escalation each must state (triage-policy dispositions).
const ESCALATIONS: Record<string, RegExp[]> = {
  'when-to-see-a-doctor': [/call your emergency number/i, /emergency department now/i, /see a doctor today/i],
  'cauda-equina-syndrome': [/emergency department now/i, /emergency number/i],
  'chest-pain-with-back-pain': [/call your emergency number/i, /do not drive yourself/i],
  'referred-pain': [/call your emergency number/i, /see a doctor today/i],
  'fever-or-weight-loss-with-back-pain': [/doctor today/i],
  'numbness-tingling-weakness': [/see a doctor today/i, /emergency department now/i],
  'osteoporosis-sudden-back-pain': [/see a doctor today/i, /call your emergency number/i],
};

describe('knowledge content', () => {
  test('has at least 32 entries covering every topic of issue 3', () => {
    expect(entries.length).toBeGreaterThanOrEqual(32);
    const ids = new Set(entries.map((entry) => entry.id));
    expect(REQUIRED_ENTRIES.filter((id) => !ids.has(id))).toEqual([]);
  });

  test.each(entries.map((entry) => [entry.id, entry] as const))('%s names no brand', (_id, entry) => {
    expect(fullText(entry)).not.toMatch(BRANDS);
  });

  test.each(entries.map((entry) => [entry.id, entry] as const))('%s gives no dose and no prescription treatment', (_id, entry) => {
    for (const pattern of DOSES) expect(fullText(entry)).not.toMatch(pattern);
    expect(fullText(entry)).not.toMatch(PRESCRIPTION);
  });

  test.each(entries.map((entry) => [entry.id, entry] as const))('%s speaks to the user and cites a known seed', (_id, entry) => {
    expect(entry.answer).toMatch(/\byou(r)?\b/i);
    const seeds = entry.sources.filter((source) => /^\d{3}$/.test(source));
    expect(seeds.filter((seed) => !['000', '001', '002', '003', '004'].includes(seed))).toEqual([]);
  });

  test.each(Object.entries(ESCALATIONS))('the red-flag entry %s says where to go, as the policy says', (id, patterns) => {
    const entry = entries.find((candidate) => candidate.id === id);
    expect(entry).toBeDefined();
    for (const pattern of patterns) expect(entry!.answer).toMatch(pattern);
  });

  test('the acute / subacute / chronic entry follows the policy (under 4, 4–12, over 12 weeks)', () => {
    const entry = entries.find((candidate) => candidate.id === 'acute-subacute-chronic')!;
    expect(entry.answer).toMatch(/less than 4 weeks/);
    expect(entry.answer).toMatch(/4 to 12 weeks/);
    expect(entry.answer).toMatch(/more than 12 weeks/);
  });

  test('leaves out the dubious claims the policy lists (compression stockings, frostbite)', () => {
    for (const entry of entries) expect(fullText(entry)).not.toMatch(/compression stocking|frostbite/i);
  });
});

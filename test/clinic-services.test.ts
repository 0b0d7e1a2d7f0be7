import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Activity } from 'botbuilder';
import { ClinicServices, DEFAULT_SERVICES_FILE, serviceLines } from '../src/clinic';
import { DISPOSITIONS } from '../src/triage/dialog-schema';
import { EMERGENCY_SLOTS, URGENT_SLOTS } from '../src/triage/slots';
import { noneOf, outcomeOf, testConversation } from './support/test-conversation';

const riverside = {
  name: 'Riverside Clinic',
  timeZone: 'Europe/London',
  sameDay: { phone: '020 7946 0000', hours: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], opens: '08:00', closes: '18:00' }] },
  outOfHours: { phone: '111' },
  urgentCare: { name: 'Riverside Urgent Treatment Centre', address: '1 Mill Lane, London' },
  emergencyDepartment: { name: 'St Anne’s Hospital A&E', address: '20 Bridge Street, London' },
  booking: { url: 'https://riverside.example/book', phone: '020 7946 0001' },
};

/** The shipped services file with the given clinics, written where SERVICES_FILE can point. */
function servicesFile(change: (file: Record<string, any>) => void): string {
  const file = JSON.parse(readFileSync(DEFAULT_SERVICES_FILE, 'utf8'));
  change(file);
  const target = path.join(mkdtempSync(path.join(tmpdir(), 'services-')), 'services.json');
  writeFileSync(target, JSON.stringify(file));
  return target;
}

const texts = (replies: Partial<Activity>[]) => replies.map((reply) => reply.text ?? '').join('\n');
const cardTexts = (replies: Partial<Activity>[]) =>
  JSON.stringify(replies.flatMap((reply) => reply.attachments ?? []).map((attachment) => attachment.content));

// Monday 7 December 2026 (GMT) and Monday 6 July 2026 (BST, UTC+1).
const mondayWinter = (utc: string) => () => new Date(`2026-12-07T${utc}:00Z`);
const mondaySummer = (utc: string) => () => new Date(`2026-07-06T${utc}:00Z`);

async function fever(options: Parameters<typeof testConversation>[0]) {
  const chat = testConversation(options);
  await chat.join();
  await chat.say(noneOf(EMERGENCY_SLOTS));
  const replies = await chat.say({ ...noneOf(URGENT_SLOTS), fever: 'true' });
  expect(outcomeOf(replies)!.disposition).toBe('consultation_24');
  return replies;
}

describe("the clinic's own services (dialogs/services.json)", () => {
  it('ships with no clinic configured: the outcome keeps the general advice and names no service', async () => {
    const services = ClinicServices.load();
    expect(services.clinicFor('en-GB')).toBeUndefined();
    const replies = await fever({ locale: 'en-GB' });
    expect(texts(replies)).toMatch(/Contact a doctor today, within 24 hours/);
    expect(texts(replies)).not.toMatch(/out-of-hours line on|Nearest urgent care/);
  });

  it("'See a doctor today' during opening hours names the clinic's phone, hours and the out-of-hours line, in text and card", async () => {
    const env = { SERVICES_FILE: servicesFile((file) => (file.byLocale['en-GB'] = riverside)) };
    const replies = await fever({ env, locale: 'en-GB', clock: mondayWinter('10:00') });
    const text = texts(replies);
    expect(text).toContain('Call Riverside Clinic on 020 7946 0000 for a same-day appointment: open now, until 6pm (Monday to Friday 8am–6pm).');
    expect(text).toContain('After 6pm, call the out-of-hours line on 111.');
    expect(text).toContain('Nearest urgent care: Riverside Urgent Treatment Centre, 1 Mill Lane, London.');
    // The policy's own action stays, first.
    expect(text.indexOf('Contact a doctor today')).toBeLessThan(text.indexOf('Riverside Clinic'));
    expect(cardTexts(replies)).toContain('020 7946 0000');
  });

  it("reads the opening hours in the clinic's time zone: 17:30 UTC in British Summer Time is after closing", async () => {
    const env = { SERVICES_FILE: servicesFile((file) => (file.default = riverside)) };
    const winter = texts(await fever({ env, locale: 'en-GB', clock: mondayWinter('17:30') }));
    expect(winter).toContain('open now, until 6pm');
    const summer = texts(await fever({ env, locale: 'en-GB', clock: mondaySummer('17:30') }));
    expect(summer).toContain('Riverside Clinic is closed now (open Monday to Friday 8am–6pm).');
    expect(summer).toContain('Call the out-of-hours line now on 111.');
    expect(summer).not.toContain('020 7946 0000');
    // A Saturday is closed all day.
    const saturday = texts(await fever({ env, locale: 'en-GB', clock: () => new Date('2026-12-05T10:00:00Z') }));
    expect(saturday).toContain('Riverside Clinic is closed now');
  });

  it('a clinic changes its phone number and hours in the one file, and the outcome shows the new ones', async () => {
    const env = {
      SERVICES_FILE: servicesFile((file) => {
        file.default = { ...riverside, sameDay: { phone: '020 7946 0999', hours: [{ days: ['mon', 'wed'], opens: '07:30', closes: '19:30' }] } };
      }),
    };
    const text = texts(await fever({ env, locale: 'en-GB', clock: mondayWinter('19:00') }));
    expect(text).toContain('Call Riverside Clinic on 020 7946 0999 for a same-day appointment: open now, until 7:30pm (Monday, Wednesday 7:30am–7:30pm).');
    expect(text).not.toContain('020 7946 0000');
  });

  it('picks the clinic by locale (exact, then language, then default) and its emergency number replaces the locale’s everywhere', async () => {
    const env = {
      SERVICES_FILE: servicesFile((file) => {
        file.default = { name: 'Default Clinic', timeZone: 'UTC', booking: { phone: '0800 000' } };
        file.byLocale.en = { name: 'English Clinic', timeZone: 'Europe/London', booking: { phone: '0800 111' } };
        file.byLocale['en-GB'] = { ...riverside, emergencyNumber: '999 (or 112)' };
      }),
    };
    const services = ClinicServices.load(env.SERVICES_FILE);
    expect(services.clinicFor('en-GB')?.name).toBe('Riverside Clinic');
    expect(services.clinicFor('en-AU')?.name).toBe('English Clinic');
    expect(services.clinicFor('fr-FR')?.name).toBe('Default Clinic');
    const chat = testConversation({ env, locale: 'en-GB' });
    expect(texts(await chat.join())).toContain('999 (or 112)');
  });

  it('shows, for every disposition, the services the file lists for it (booking for a few days, the emergency department for emergencies)', () => {
    const services = ClinicServices.load(servicesFile((file) => (file.default = riverside)));
    const clinic = services.clinicFor('en-GB');
    const at = new Date('2026-12-07T10:00:00Z');
    const lines = Object.fromEntries(DISPOSITIONS.map((disposition) => [disposition, serviceLines(services.file, clinic, disposition, at).join(' ')]));
    expect(lines.consultation).toBe('Book online at https://riverside.example/book. To book by phone, call Riverside Clinic on 020 7946 0001.');
    expect(lines.emergency).toBe('Nearest emergency department: St Anne’s Hospital A&E, 20 Bridge Street, London.');
    expect(lines.emergency_ambulance).toBe('');
    expect(lines.self_care).toBe('');
    expect(lines.consultation_24).toMatch(/^Call Riverside Clinic on 020 7946 0000/);
  });

  it('a bad services file stops the boot naming the file and the field', () => {
    const badZone = servicesFile((file) => (file.default = { ...riverside, timeZone: 'Mars/Olympus_Mons' }));
    expect(() => ClinicServices.load(badZone)).toThrow(/services\.json[\s\S]*default\.timeZone: must be an IANA time zone/);
    const badHours = servicesFile((file) => (file.byLocale['en-GB'] = { ...riverside, sameDay: { phone: '1', hours: [{ days: ['mon'], opens: '18:00', closes: '08:00' }] } }));
    expect(() => ClinicServices.load(badHours)).toThrow(/byLocale\.en-GB\.sameDay\.hours\.0\.closes: opens must be before closes/);
    const badKind = servicesFile((file) => (file.show.consultation = ['pharmacy']));
    expect(() => ClinicServices.load(badKind)).toThrow(/show\.consultation\.0/);
  });
});

import type { Disposition } from '../triage/dialog-schema';
import type { Clinic, ServicesFile } from './clinic-services';
import { hoursInWords, openingState, spokenTime } from './opening-hours';

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

/**
 * The sentences naming the clinic's own services for a disposition at `now` (its opening hours read in
 * the clinic's time zone), in the order the file's `show` lists them; none without a clinic. Pure. They
 * come after the disposition's own action, which they never replace.
 */
export function serviceLines(file: ServicesFile, clinic: Clinic | undefined, disposition: Disposition, now: Date): string[] {
  if (!clinic) return [];
  const { sentences } = file;
  const sameDay = clinic.sameDay ? openingState(clinic.sameDay.hours, now, clinic.timeZone) : undefined;
  const lines: string[] = [];
  for (const kind of file.show[disposition]) {
    switch (kind) {
      case 'sameDay':
        if (clinic.sameDay && sameDay) {
          const hours = hoursInWords(clinic.sameDay.hours, sentences.days, sentences.dayRange);
          lines.push(
            sameDay.open
              ? fill(sentences.sameDayOpen, { clinic: clinic.name, phone: clinic.sameDay.phone, closes: spokenTime(sameDay.closes!), hours })
              : fill(sentences.sameDayClosed, { clinic: clinic.name, hours }),
          );
        }
        break;
      case 'outOfHours':
        if (clinic.outOfHours) {
          const phone = clinic.outOfHours.phone;
          if (!sameDay) lines.push(fill(sentences.outOfHoursAlways, { phone }));
          else if (sameDay.open) lines.push(fill(sentences.outOfHoursLater, { phone, closes: spokenTime(sameDay.closes!) }));
          else lines.push(fill(sentences.outOfHoursNow, { phone }));
        }
        break;
      case 'urgentCare':
        if (clinic.urgentCare) lines.push(fill(sentences.urgentCare, clinic.urgentCare));
        break;
      case 'emergencyDepartment':
        if (clinic.emergencyDepartment) lines.push(fill(sentences.emergencyDepartment, clinic.emergencyDepartment));
        break;
      case 'booking':
        if (clinic.booking?.url) lines.push(fill(sentences.bookingOnline, { url: clinic.booking.url }));
        if (clinic.booking?.phone) lines.push(fill(sentences.bookingByPhone, { clinic: clinic.name, phone: clinic.booking.phone }));
        break;
    }
  }
  return lines;
}

import { WEEKDAYS, type Opening, type Weekday } from './clinic-services';

/** Where a clinic's opening hours stand at one moment, in its own time zone. */
export interface OpeningState {
  open: boolean;
  /** Today's closing time ("18:00") when open now; otherwise the latest closing time today, if it opens today at all. */
  closes?: string;
}

/** The weekday and "HH:MM" of `now` in `timeZone`. Pure. */
export function localTime(now: Date, timeZone: string): { day: Weekday; time: string } {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toLowerCase().slice(0, 3) as Weekday;
  return { day, time: `${part('hour')}:${part('minute')}` };
}

/** Whether the hours are open at `now` in `timeZone` (opens inclusive, closes exclusive). Pure. */
export function openingState(hours: readonly Opening[], now: Date, timeZone: string): OpeningState {
  const { day, time } = localTime(now, timeZone);
  const today = hours.filter((opening) => opening.days.includes(day));
  const current = today.find((opening) => opening.opens <= time && time < opening.closes);
  if (current) return { open: true, closes: current.closes };
  const closes = today.map((opening) => opening.closes).sort().at(-1);
  return { open: false, closes };
}

/** "8am", "6:30pm" for "08:00", "18:30". Pure. */
export function spokenTime(clock: string): string {
  const [hour, minute] = clock.split(':').map(Number) as [number, number];
  const suffix = hour < 12 ? 'am' : 'pm';
  const twelve = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0 ? `${twelve}${suffix}` : `${twelve}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** The hours in words: "Monday to Friday 8am–6pm, Saturday 9am–12pm" (runs of consecutive days joined by `dayRange`). Pure. */
export function hoursInWords(hours: readonly Opening[], names: Record<Weekday, string>, dayRange: string): string {
  return hours
    .map((opening) => {
      const indexes = [...new Set(opening.days)].map((day) => WEEKDAYS.indexOf(day)).sort((a, b) => a - b);
      const runs: number[][] = [];
      for (const index of indexes) {
        const run = runs.at(-1);
        if (run && run.at(-1) === index - 1) run.push(index);
        else runs.push([index]);
      }
      const days = runs
        .map((run) =>
          run.length >= 3
            ? dayRange.replace('{from}', names[WEEKDAYS[run[0]!]!]).replace('{to}', names[WEEKDAYS[run.at(-1)!]!])
            : run.map((index) => names[WEEKDAYS[index]!]).join(', '),
        )
        .join(', ');
      return `${days} ${spokenTime(opening.opens)}–${spokenTime(opening.closes)}`;
    })
    .join(', ');
}

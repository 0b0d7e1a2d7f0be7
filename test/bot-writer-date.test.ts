import { writerDate } from '../src/bot/writer-date';

describe("the writer's date from an activity's local timestamp", () => {
  it('is the calendar date the client wrote, whatever the offset', () => {
    // Late on Wednesday the 25th in Los Angeles is already Thursday in UTC: the writer's day is Wednesday.
    const date = writerDate({ rawLocalTimestamp: '2026-11-25T23:30:00.000-08:00' });
    expect(date?.getDay()).toBe(3);
    expect(date?.getDate()).toBe(25);
    expect(writerDate({ rawLocalTimestamp: '2026-11-26T06:00:00+10:00' })?.getDate()).toBe(26);
  });

  it('is undefined without a timestamp or with one that is not a date', () => {
    expect(writerDate({})).toBeUndefined();
    expect(writerDate({ rawLocalTimestamp: 'yesterday' })).toBeUndefined();
    expect(writerDate({ rawLocalTimestamp: '2026-02-31T10:00:00Z' })).toBeUndefined();
  });
});

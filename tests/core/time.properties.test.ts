import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  ROUNDING_STEPS,
  addDays,
  daysBetween,
  checkTimeRules,
  formatDuration,
  idleDecisionSchema,
  localDate,
  parseDuration,
  resolveIdle,
  roundMinutes,
  shiftWeek,
  timerEntries,
  weekDays,
  weekOf,
} from '../../core/model';
import type { EntryForRules, RunningTimer } from '../../core/model';

const minutes = fc.integer({ min: 0, max: 24 * 60 });
const pad = (n: number) => String(n).padStart(2, '0');

describe('duration parsing (property)', () => {
  it('reads every minute of a day in each written form: 1h30, 90m, 1:30, 1.5', () => {
    fc.assert(
      fc.property(minutes, (m) => {
        const h = Math.floor(m / 60);
        const rest = m % 60;
        for (const text of [`${h}h${pad(rest)}`, `${h}h${rest}m`, `${m}m`, `${m} min`, `${h}:${pad(rest)}`, formatDuration(m), String(m / 60)]) {
          expect(parseDuration(text)).toEqual({ ok: true, minutes: m });
        }
      }),
    );
  });

  it('ignores case and spaces, and reads a decimal comma like a point', () => {
    fc.assert(
      fc.property(minutes, fc.constantFrom('', ' ', '  '), (m, space) => {
        const h = Math.floor(m / 60);
        expect(parseDuration(`${space}${h}H${space}${m % 60}M${space}`)).toEqual({ ok: true, minutes: m });
        const decimal = (m / 60).toFixed(2);
        expect(parseDuration(decimal.replace('.', ','))).toEqual(parseDuration(decimal));
      }),
    );
  });

  it('never throws: any text is a whole number of minutes within a day, or a message for people', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 12 }), (text) => {
        const result = parseDuration(text);
        if (result.ok) {
          expect(Number.isInteger(result.minutes)).toBe(true);
          expect(result.minutes).toBeGreaterThanOrEqual(0);
          expect(result.minutes).toBeLessThanOrEqual(24 * 60);
        } else {
          expect(result.message).toMatch(/\.$/);
        }
      }),
    );
  });

  it('refuses more than a day, and text that is not a duration', () => {
    fc.assert(
      fc.property(fc.integer({ min: 24 * 60 + 1, max: 99_999 }), (m) => {
        expect(parseDuration(`${m}m`)).toEqual({ ok: false, message: 'A duration is at most 24 hours.' });
      }),
    );
    for (const text of ['', 'abc', '1h30h', '1:75', '-1', '.', 'h']) expect(parseDuration(text).ok).toBe(false);
  });
});

describe('rounding for reports (property)', () => {
  it('rounds each entry up to the step, by less than one step, idempotently; never changes 0-step time', () => {
    fc.assert(
      fc.property(minutes, fc.constantFrom(...ROUNDING_STEPS), (m, step) => {
        const rounded = roundMinutes(m, step);
        if (step === 0) {
          expect(rounded).toBe(m);
          return;
        }
        expect(rounded).toBeGreaterThanOrEqual(m);
        expect(rounded - m).toBeLessThan(step);
        expect(rounded % step).toBe(0);
        expect(roundMinutes(rounded, step)).toBe(rounded);
      }),
    );
  });
});

/** A person's timed entries on one day: [start, end) in minutes after 08:00 UTC. */
const interval = fc.tuple(fc.integer({ min: 0, max: 600 }), fc.integer({ min: 1, max: 240 }));
const at = (m: number) => new Date(Date.UTC(2026, 10, 23, 8, 0) + m * 60_000).toISOString();
const timed = (id: string, [start, length]: [number, number], userId = 'me'): EntryForRules => ({
  id,
  userId,
  date: '2026-11-23',
  minutes: length,
  startedAt: at(start),
  endedAt: at(start + length),
});

describe('time rules (property)', () => {
  it('reports an overlap exactly when two of one person’s intervals intersect', () => {
    fc.assert(
      fc.property(interval, interval, fc.boolean(), (a, b, samePerson) => {
        const existing = timed('a', a);
        const incoming = timed('b', b, samePerson ? 'me' : 'you');
        const intersects = a[0] < b[0] + b[1] && b[0] < a[0] + a[1];
        const overlaps = checkTimeRules([existing], [incoming]).filter((v) => v.rule === 'overlap');
        expect(overlaps.length).toBe(samePerson && intersects ? 1 : 0);
      }),
    );
  });

  it('reports the day limit exactly when a person’s day holds more than 24 hours, whatever the order', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 900 }), { minLength: 1, maxLength: 6 }), fc.integer({ min: 0, max: 900 }), (stored, added) => {
        const existing = stored.map((m, i): EntryForRules => ({ id: `e${i}`, userId: 'me', date: '2026-11-23', minutes: m, startedAt: null, endedAt: null }));
        const incoming: EntryForRules = { id: 'new', userId: 'me', date: '2026-11-23', minutes: added, startedAt: null, endedAt: null };
        const total = stored.reduce((a, b) => a + b, 0) + added;
        const forward = checkTimeRules(existing, [incoming]);
        const backward = checkTimeRules([...existing].reverse(), [incoming]);
        expect(forward).toEqual(backward);
        expect(forward.some((v) => v.rule === 'day_limit')).toBe(total > 24 * 60);
        // Replacing an entry (same id) counts its new minutes, not both versions.
        const replaced = checkTimeRules(existing, [{ ...existing[0]!, minutes: 0 }]);
        expect(replaced.some((v) => v.rule === 'day_limit')).toBe(total - added - stored[0]! > 24 * 60);
      }),
    );
  });

  it('never reports back-to-back timed entries', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 120 }), { minLength: 1, maxLength: 10 }), (lengths) => {
        let start = 0;
        const entries = lengths.map((length, i) => {
          const e = timed(`e${i}`, [start, length]);
          start += length;
          return e;
        });
        expect(checkTimeRules(entries.slice(0, -1), entries.slice(-1)).filter((v) => v.rule === 'overlap')).toEqual([]);
      }),
    );
  });
});

const ZONES = ['UTC', 'Europe/Paris', 'America/Los_Angeles', 'Asia/Kolkata', 'Pacific/Auckland'];
const timerArb = fc.record({
  startMs: fc.integer({ min: Date.UTC(2026, 2, 20), max: Date.UTC(2026, 10, 10) }),
  zone: fc.constantFrom(...ZONES),
});

describe('timer entries and idle decisions (property)', () => {
  it('cuts a run into contiguous entries, one per local calendar day, minutes matching the instants', () => {
    fc.assert(
      fc.property(timerArb, fc.integer({ min: 0, max: 50 * 60 * 60_000 }), ({ startMs, zone }, length) => {
        const timer = { accountId: 'a', category: 'remote' as const, sku: null, note: '', timeZone: zone };
        const entries = timerEntries(timer, startMs, startMs + length);
        for (const [i, e] of entries.entries()) {
          const from = Date.parse(e.startedAt ?? '');
          const to = Date.parse(e.endedAt ?? '');
          expect(e.minutes).toBe(Math.round((to - from) / 60_000));
          expect(e.minutes).toBeGreaterThanOrEqual(1);
          expect(e.minutes).toBeLessThanOrEqual(24 * 60);
          expect(e.date).toBe(localDate(new Date(from), zone));
          // The end is the next entry's start or the local midnight: the whole piece lies in one day.
          expect(localDate(new Date(to - 1), zone)).toBe(e.date);
          const next = entries[i + 1];
          if (next) expect(Date.parse(next.startedAt ?? '')).toBeGreaterThanOrEqual(to);
        }
        const covered = entries.reduce((sum, e) => sum + Date.parse(e.endedAt ?? '') - Date.parse(e.startedAt ?? ''), 0);
        // Only pieces under half a minute around midnights are left out, and the 25th hour of a day clocks went back
        // on, when the run covered the whole day (its entry then holds exactly 24 hours).
        const fullDays = entries.filter((e) => e.minutes === 24 * 60).length;
        expect(length - covered).toBeLessThan(30_000 * 4 + fullDays * 3_600_000);
      }),
    );
  });

  it('keep writes nothing; discard drops exactly the idle time; split accounts for all of it; entries never overlap', () => {
    fc.assert(
      fc.property(
        timerArb,
        fc.integer({ min: 0, max: 12 * 60 * 60_000 }),
        fc.double({ min: -0.2, max: 1.2, noNaN: true }),
        fc.constantFrom('keep' as const, 'discard' as const, 'split' as const),
        fc.boolean(),
        ({ startMs, zone }, length, idleAt, action, stop) => {
          const timer: RunningTimer = { accountId: 'a', category: 'onsite', sku: 'S', note: '', startedAt: new Date(startMs).toISOString(), timeZone: zone };
          const now = new Date(startMs + length);
          const idleSince = new Date(startMs + Math.round(length * idleAt)).toISOString();
          const decision = idleDecisionSchema.parse({ idleSince, action, stop, idle: { accountId: 'b', category: 'travel' } });
          const { entries, timer: after } = resolveIdle(timer, decision, now);
          const clamped = Math.min(Math.max(Date.parse(idleSince), startMs), now.getTime());
          const span = (es: typeof entries) => es.reduce((sum, e) => sum + Date.parse(e.endedAt ?? '') - Date.parse(e.startedAt ?? ''), 0);
          for (let i = 1; i < entries.length; i += 1) {
            expect(Date.parse(entries[i]!.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(entries[i - 1]!.endedAt ?? ''));
          }
          const slack = 30_000 * 6;
          if (action === 'keep') {
            if (!stop) expect(entries).toEqual([]);
            expect(after).toEqual(stop ? null : timer);
            return;
          }
          expect(after).toEqual(stop ? null : { ...timer, startedAt: now.toISOString() });
          const worked = entries.filter((e) => e.accountId === 'a');
          expect(Math.abs(span(worked) - (clamped - startMs))).toBeLessThan(slack);
          for (const e of worked) expect(Date.parse(e.endedAt ?? '')).toBeLessThanOrEqual(clamped);
          const idle = entries.filter((e) => e.accountId === 'b');
          if (action === 'discard') expect(idle).toEqual([]);
          else {
            expect(Math.abs(span(idle) - (now.getTime() - clamped))).toBeLessThan(slack);
            for (const e of idle) expect(e.category).toBe('travel');
          }
        },
      ),
    );
  });
});

describe('ISO weeks (property)', () => {
  it('every day of a week belongs to it, Monday first, and shifting there and back is the identity', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }), fc.integer({ min: -160, max: 160 }), (date, offset) => {
        const week = weekOf(date.toISOString().slice(0, 10));
        const days = weekDays(week);
        expect(days).toHaveLength(7);
        for (const d of days) expect(weekOf(d)).toBe(week);
        expect(new Date(`${days[0]}T00:00:00Z`).getUTCDay()).toBe(1);
        expect(shiftWeek(shiftWeek(week, offset), -offset)).toBe(week);
        expect(weekDays(shiftWeek(week, 1))[0]).toBe(new Date(Date.parse(`${days[6]}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10));
      }),
    );
  });
});

describe('a timer through the night clocks go back', () => {
  it('logs the 25-hour day as 24 hours, the most one entry holds', () => {
    // Paris goes back from 03:00 to 02:00 on 2026-10-25: that local day runs 22:00Z on the 24th to 23:00Z on the 25th.
    const timer = { accountId: 'a', category: 'remote' as const, sku: null, note: '', timeZone: 'Europe/Paris' };
    const entries = timerEntries(timer, Date.parse('2026-10-24T08:58:49.630Z'), Date.parse('2026-10-25T22:30:00.000Z'));
    expect(entries.map((e) => [e.date, e.minutes, e.startedAt, e.endedAt])).toEqual([
      ['2026-10-24', 781, '2026-10-24T08:58:49.630Z', '2026-10-24T22:00:00.000Z'],
      ['2026-10-25', 1440, '2026-10-24T22:00:00.000Z', '2026-10-25T22:00:00.000Z'],
    ]);
  });
});

describe('plain dates read digit by digit (property)', () => {
  /** What luxon makes of a date text: the same rules, the slow way (null: not a date). */
  const luxonAddDays = (date: string, days: number): string | null => {
    const parsed = DateTime.fromISO(date, { zone: 'utc' });
    return parsed.isValid ? parsed.plus({ days }).toISODate() : null;
  };
  const tryAddDays = (date: string, days: number): string | null => {
    try {
      return addDays(date, days);
    } catch {
      return null;
    }
  };
  // Texts shaped like dates, most real, some not (31 February, month 13, day 0, year 0050), and some not dates at all
  // (years stay below 9000: past 9999 the result no longer fits four digits, either way).
  const dateText = fc.oneof(
    fc.date({ min: new Date('0100-01-01'), max: new Date('8999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    fc.tuple(fc.integer({ min: 0, max: 8999 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 })).map(([y, m, d]) => `${String(y).padStart(4, '0')}-${pad(m)}-${pad(d)}`),
    fc.constantFrom('2026-02-29', '2024-02-29', '1900-02-29', '2000-02-29', '2026-1-05', '2026/01/05', '2026-01-05T00:00', ' 2026-01-05', 'x026-01-05'),
  );

  it('adds days and counts days between exactly as luxon does, and refuses what luxon refuses', () => {
    fc.assert(
      fc.property(dateText, fc.integer({ min: -400, max: 400 }), (date, days) => {
        expect(tryAddDays(date, days)).toBe(luxonAddDays(date, days));
        const later = luxonAddDays(date, days);
        if (later !== null) expect(daysBetween(date, later)).toBe(days);
      }),
      { numRuns: 2000 },
    );
  });
});

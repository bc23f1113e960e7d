import { describe, expect, it } from 'vitest';
import { checkTimeRules } from '../../core/model';
import type { EntryForRules } from '../../core/model';

const entry = (id: string, over: Partial<EntryForRules> = {}): EntryForRules => ({
  id,
  userId: 'me',
  date: '2026-11-23',
  minutes: 60,
  startedAt: null,
  endedAt: null,
  ...over,
});

describe('time rules', () => {
  it('refuses overlapping timed entries of one person, but not back-to-back ones or another person’s', () => {
    const a = entry('a', { startedAt: '2026-11-23T09:00:00Z', endedAt: '2026-11-23T10:00:00Z' });
    const overlapping = entry('b', { startedAt: '2026-11-23T09:30:00Z', endedAt: '2026-11-23T10:30:00Z' });
    const adjacent = entry('c', { startedAt: '2026-11-23T10:00:00Z', endedAt: '2026-11-23T11:00:00Z' });
    const colleague = entry('d', { userId: 'you', startedAt: '2026-11-23T09:30:00Z', endedAt: '2026-11-23T10:30:00Z' });
    expect(checkTimeRules([a], [overlapping])).toEqual([expect.objectContaining({ rule: 'overlap', id: 'b', otherId: 'a' })]);
    expect(checkTimeRules([a], [adjacent, colleague])).toEqual([]);
  });

  it('refuses a day over 24 hours, counting duration-only entries too; replacing an entry counts it once', () => {
    const full = entry('a', { minutes: 23 * 60 });
    expect(checkTimeRules([full], [entry('b', { minutes: 60 })])).toEqual([]);
    const [over] = checkTimeRules([full], [entry('b', { minutes: 61 })]);
    expect(over).toMatchObject({ rule: 'day_limit', date: '2026-11-23', minutes: 24 * 60 + 1 });
    expect(over?.message).toContain('24h01');
    expect(checkTimeRules([full], [entry('a', { minutes: 24 * 60 })])).toEqual([]);
  });

  it('refuses an end before the start', () => {
    const backwards = entry('a', { startedAt: '2026-11-23T10:00:00Z', endedAt: '2026-11-23T09:00:00Z' });
    expect(checkTimeRules([], [backwards]).map((v) => v.rule)).toContain('bad_interval');
  });
});

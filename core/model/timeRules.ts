import { LOCKED_TIME_STATUSES } from './time';
import type { TimeEntryStatus } from './time';

/**
 * The rules every time entry obeys, whoever writes it (manual entry, the timer, an import): no overlapping
 * timed entries for one person, no more than 24 hours in one day, no change to locked time. Pure, so the
 * service, the importer and their tests share one definition.
 */
export interface EntryForRules {
  id: string;
  userId: string;
  date: string;
  minutes: number;
  startedAt: string | null;
  endedAt: string | null;
  status?: TimeEntryStatus;
}

export type RuleViolation =
  | { rule: 'overlap'; id: string; otherId: string; message: string }
  | { rule: 'day_limit'; id: string; date: string; minutes: number; message: string }
  | { rule: 'bad_interval'; id: string; message: string }
  | { rule: 'locked'; id: string; message: string };

export const DAY_LIMIT_MINUTES = 24 * 60;

function hm(minutes: number): string {
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}`;
}

export function isLocked(status: TimeEntryStatus | undefined): boolean {
  return status !== undefined && (LOCKED_TIME_STATUSES as readonly string[]).includes(status);
}

/**
 * Violations caused by adding (or replacing, same id) `incoming` next to `existing` entries. Only one person's
 * entries on the dates concerned need be passed; entries of other people are ignored.
 */
export function checkTimeRules(existing: readonly EntryForRules[], incoming: readonly EntryForRules[]): RuleViolation[] {
  const violations: RuleViolation[] = [];
  const incomingIds = new Set(incoming.map((e) => e.id));
  const kept = existing.filter((e) => !incomingIds.has(e.id));
  const all = [...kept, ...incoming];

  for (const entry of incoming) {
    if (entry.startedAt !== null && entry.endedAt !== null && Date.parse(entry.endedAt) <= Date.parse(entry.startedAt)) {
      violations.push({ rule: 'bad_interval', id: entry.id, message: 'The end time must be after the start time.' });
    }
  }

  // Overlaps: timed entries of the same person whose [start, end) intervals intersect.
  const timed = all.filter((e) => e.startedAt !== null && e.endedAt !== null);
  for (const entry of incoming) {
    if (entry.startedAt === null || entry.endedAt === null) continue;
    const start = Date.parse(entry.startedAt);
    const end = Date.parse(entry.endedAt);
    const other = timed.find(
      (o) => o.id !== entry.id && o.userId === entry.userId && Date.parse(o.startedAt ?? '') < end && start < Date.parse(o.endedAt ?? ''),
    );
    if (other) {
      violations.push({ rule: 'overlap', id: entry.id, otherId: other.id, message: 'This overlaps another timed entry of yours.' });
    }
  }

  // Day totals per person and date, reported once per incoming entry on an over-full day.
  const totals = new Map<string, number>();
  for (const e of all) totals.set(`${e.userId} ${e.date}`, (totals.get(`${e.userId} ${e.date}`) ?? 0) + e.minutes);
  for (const entry of incoming) {
    const total = totals.get(`${entry.userId} ${entry.date}`) ?? 0;
    if (total > DAY_LIMIT_MINUTES) {
      violations.push({
        rule: 'day_limit',
        id: entry.id,
        date: entry.date,
        minutes: total,
        message: `That makes ${hm(total)} on ${entry.date}; a day holds no more than 24 hours.`,
      });
    }
  }
  return violations;
}

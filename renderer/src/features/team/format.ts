import { TEAM_ROLES, TEAM_ROLE_LABELS } from '../../../../core/model';
import type { Option } from '../../ui/fields';

export const WEEKDAY_SHORT = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
export const WEEKDAY_LONG = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export const TEAM_ROLE_OPTIONS: Option[] = TEAM_ROLES.map((r) => ({ value: r, label: TEAM_ROLE_LABELS[r] }));

/** "Mon–Fri", "Every day", "Mon, Wed, Sat": ISO weekdays for people. */
export function describeDays(days: readonly number[]): string {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (sorted.length === 7) return 'Every day';
  const consecutive = sorted.length > 2 && sorted.every((d, i) => i === 0 || d === (sorted[i - 1] ?? 0) + 1);
  if (consecutive) return `${WEEKDAY_SHORT[(sorted[0] ?? 1) - 1]}–${WEEKDAY_SHORT[(sorted.at(-1) ?? 1) - 1]}`;
  return sorted.map((d) => WEEKDAY_SHORT[d - 1]).join(', ');
}

/** Every zone the runtime knows, plus the given one (some runtimes leave "UTC" out of the list). */
export function zoneOptions(current: string): Option[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add(current);
  return [...zones].sort().map((z) => ({ value: z, label: z.replaceAll('_', ' ') }));
}

/** An instant in a zone, for people: "Tue 09:00" in the rotation's zone. */
export function inZone(iso: string, timeZone: string, withDate = false): string {
  return new Intl.DateTimeFormat(undefined, {
    timeZone,
    weekday: 'short',
    ...(withDate ? { day: 'numeric', month: 'short' } : {}),
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

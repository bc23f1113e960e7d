import { RESPONDER_ROLE_LABELS } from '../../../../core/model';
import type { Coverage, ResponderRole } from '../../../../core/model';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' });
const dateTimeYearFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** Today's date where this device is, as YYYY-MM-DD. */
export function todayLocal(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** The zone this device shows times in, for hints next to time fields. */
export const localZone = (): string => Intl.DateTimeFormat().resolvedOptions().timeZone;

/** An instant as a `datetime-local` input shows it (this device's zone). */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${todayLocal(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A `datetime-local` value (this device's zone) as an ISO instant; '' stays undefined ("now"). */
export function fromLocalInput(value: string): string | undefined {
  if (value.trim() === '') return undefined;
  const ms = new Date(value).getTime();
  // An unreadable value is passed on as typed, so the core's message lands next to the field.
  return Number.isNaN(ms) ? value : new Date(ms).toISOString();
}

/** An instant for people: "Fri, Nov 27, 11:20 AM"; with the year instead of the weekday when it is not this year's. */
export function formatWhen(iso: string): string {
  const date = new Date(iso);
  return (date.getFullYear() === new Date().getFullYear() ? dateTimeFormat : dateTimeYearFormat).format(date);
}
export const formatDay = (isoDate: string): string => dateFormat.format(new Date(`${isoDate}T12:00:00`));

/** Target minutes as people read them: "15 min", "4 h", "1 d", "1 h 30". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60) return `${minutes} min`;
  if (minutes % 1440 === 0) return `${minutes / 1440} d`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `${h} h` : `${h} h ${String(m).padStart(2, '0')}`;
}

/** "Mon–Fri" for a run of days, "Mon, Wed, Fri" otherwise. */
function daysText(days: readonly number[]): string {
  const sorted = [...days].sort((a, b) => a - b);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  const run = first !== undefined && last !== undefined && last - first === sorted.length - 1;
  if (run && sorted.length > 2) return `${WEEKDAYS[first - 1]}–${WEEKDAYS[last - 1]}`;
  return sorted.map((d) => WEEKDAYS[d - 1]).join(', ');
}

export function coverageText(coverage: Coverage): string {
  if (coverage.kind === '24x7') return '24×7';
  const holidays = coverage.holidays.length;
  const extra = holidays === 0 ? '' : ` · ${holidays} ${holidays === 1 ? 'holiday' : 'holidays'}`;
  return `${daysText(coverage.days)} ${coverage.start}–${coverage.end} (${coverage.timeZone})${extra}`;
}

export const roleLabel = (role: ResponderRole): string => RESPONDER_ROLE_LABELS[role];

/** Minor units per hour as money: 15000 USD → "$150.00/h". */
export function formatRate(rate: number, currency: string): string {
  try {
    return `${new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(rate / 100)}/h`;
  } catch {
    return `${(rate / 100).toFixed(2)} ${currency}/h`;
  }
}

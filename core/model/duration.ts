/**
 * Durations as people type them in the quick-entry field and the weekly grid: `1h30`, `90m`, `1.5`, `1:30`.
 * A bare number is hours (what timesheets count in); `m` marks minutes. Pure, shared by the core and the UI.
 */

export const MAX_DAY_MINUTES = 24 * 60;

export type DurationParse = { ok: true; minutes: number } | { ok: false; message: string };

const HELP = 'Write a duration like 1h30, 90m, 1.5 or 1:30.';

const CLOCK = /^(\d{1,2}):([0-5]\d)$/;
const HOURS_MINUTES = /^(\d{1,2}(?:[.,]\d+)?)h(?:(\d{1,4})(?:m|min)?)?$/;
const MINUTES = /^(\d{1,5})(?:m|min|mins)$/;
const DECIMAL_HOURS = /^(\d{0,2}(?:[.,]\d+)?)$/;

const hoursToMinutes = (text: string) => Math.round(Number(text.replace(',', '.')) * 60);

/** Parses a typed duration into whole minutes (0 … 24 h). Spaces and case do not matter. */
export function parseDuration(input: string): DurationParse {
  const text = input.trim().toLowerCase().replace(/\s+/g, '');
  if (text === '') return { ok: false, message: `Enter a duration. ${HELP}` };
  let minutes: number | null = null;
  let match: RegExpExecArray | null;
  if ((match = CLOCK.exec(text))) minutes = Number(match[1]) * 60 + Number(match[2]);
  else if ((match = HOURS_MINUTES.exec(text))) minutes = hoursToMinutes(match[1] ?? '0') + Number(match[2] ?? 0);
  else if ((match = MINUTES.exec(text))) minutes = Number(match[1]);
  else if ((match = DECIMAL_HOURS.exec(text)) && /\d/.test(text)) minutes = hoursToMinutes(match[1] ?? '0');
  if (minutes === null || !Number.isFinite(minutes)) return { ok: false, message: `"${input.trim()}" is not a duration. ${HELP}` };
  if (minutes > MAX_DAY_MINUTES) return { ok: false, message: 'A duration is at most 24 hours.' };
  return { ok: true, minutes };
}

/** `90` → `1:30`: how durations are shown in the grid and totals. */
export function formatDuration(minutes: number): string {
  const sign = minutes < 0 ? '-' : '';
  const abs = Math.abs(Math.round(minutes));
  return `${sign}${Math.floor(abs / 60)}:${String(abs % 60).padStart(2, '0')}`;
}

/** `90` → `1.50`: decimal hours, as billing systems read them. */
export function decimalHours(minutes: number, digits = 2): string {
  return (minutes / 60).toFixed(digits);
}

/** Report and export rounding (issue 4 §3): never applied to stored time. */
export const ROUNDING_STEPS = [0, 6, 15] as const;
export type RoundingStep = (typeof ROUNDING_STEPS)[number];

/**
 * Rounds one entry's minutes up to the next multiple of `step` (0 = no rounding), the way billable time is
 * usually counted: 6-minute steps are tenths of an hour. Round each entry, then add: rounding a sum instead
 * would bill less than the entries say.
 */
export function roundMinutes(minutes: number, step: RoundingStep): number {
  if (step === 0 || minutes <= 0) return Math.max(0, minutes);
  return Math.ceil(minutes / step) * step;
}

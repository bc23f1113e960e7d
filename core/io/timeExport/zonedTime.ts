/**
 * An instant as wall-clock time in the zone where the work was done. Exports format up to two per entry, so
 * each zone's formatter is built once and its offsets are remembered (see cachedOffset).
 */
export interface ZonedTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** `+02:00`, or `Z` for UTC. */
  offset: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      timeZoneName: 'longOffset',
    });
    formatters.set(zone, f);
  }
  return f;
}

function isZone(zone: string): boolean {
  try {
    formatter(zone);
    return true;
  } catch {
    return false;
  }
}

/** A zone's UTC offset in minutes at an instant, read from ICU. */
function offsetMinutes(zone: string, ms: number): number {
  const parts = formatter(zone).formatToParts(new Date(ms));
  const name = parts.find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const match = /^GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return match ? (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3])) : 0;
}

/**
 * Offsets by zone and quarter hour. Zones change offset only on quarter-hour boundaries, so every instant in
 * one quarter hour shares its offset; asking ICU once per quarter hour instead of once per entry is what
 * keeps a 100,000-row export fast.
 */
const QUARTER_HOUR_MS = 15 * 60_000;
const offsets = new Map<string, number>();

function cachedOffset(zone: string, ms: number): number {
  const key = `${zone} ${Math.floor(ms / QUARTER_HOUR_MS)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    if (offsets.size > 50_000) offsets.clear();
    offset = offsetMinutes(zone, ms);
    offsets.set(key, offset);
  }
  return offset;
}

function offsetText(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** The wall-clock time of `instant` in `zone`; UTC when the zone is unknown or not a real one. */
export function zonedTime(instant: string, zone: string | null): ZonedTime {
  const ms = Date.parse(instant);
  const known = zone !== null && isZone(zone);
  const offset = known ? cachedOffset(zone, ms) : 0;
  const local = new Date(ms + offset * 60_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
    second: local.getUTCSeconds(),
    // A time with a zone keeps its offset (+00:00 in London in winter); one without is plain UTC.
    offset: known ? offsetText(offset) : 'Z',
  };
}

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-03-30T09:00:00+02:00`: ISO 8601 with the offset of the zone the work was done in. */
export function zonedIso(instant: string, zone: string | null): string {
  const t = zonedTime(instant, zone);
  return `${String(t.year).padStart(4, '0')}-${two(t.month)}-${two(t.day)}T${two(t.hour)}:${two(t.minute)}:${two(t.second)}${t.offset}`;
}

/** `09:00` in the zone the work was done in. */
export function zonedClock(instant: string, zone: string | null): string {
  const t = zonedTime(instant, zone);
  return `${two(t.hour)}:${two(t.minute)}`;
}

/**
 * An instant as wall-clock time in the zone where the work was done. Exports format up to two per entry, so
 * the formatter of each zone is built once (building one costs far more than using it).
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
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
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

/** The wall-clock time of `instant` in `zone`; UTC when the zone is unknown or not a real one. */
export function zonedTime(instant: string, zone: string | null): ZonedTime {
  const date = new Date(instant);
  const known = zone !== null && isZone(zone);
  const parts: Record<string, string> = {};
  for (const p of formatter(known ? zone : 'UTC').formatToParts(date)) parts[p.type] = p.value;
  // longOffset reads "GMT+02:00", or "GMT" at offset zero; a time without a zone is plain UTC.
  const offset = known ? (parts['timeZoneName'] ?? 'GMT').replace('GMT', '') || '+00:00' : 'Z';
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    second: Number(parts['second']),
    offset,
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

import { TIME_CATEGORY_LABELS, formatDuration } from '../../../../core/model';
import type { TimeEntry } from '../../../../core/model';

/** A running clock: `1:05:09`. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

export const categoryLabel = (category: TimeEntry['category']): string => TIME_CATEGORY_LABELS[category];

const dayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'short', day: 'numeric', timeZone: 'UTC' });
const longDayFormat = new Intl.DateTimeFormat(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** `2026-11-23` → `Mon 23`, for column heads. */
export const shortDay = (date: string): string => dayFormat.format(new Date(`${date}T00:00:00Z`));
/** `2026-11-23` → `Monday, 23 November`, for labels read aloud. */
export const longDay = (date: string): string => longDayFormat.format(new Date(`${date}T00:00:00Z`));
export const clockTime = (iso: string): string => timeFormat.format(new Date(iso));

/** Durations as the grid shows them: blank for nothing. */
export const cellText = (minutes: number): string => (minutes === 0 ? '' : formatDuration(minutes));

export function entrySummary(entry: TimeEntry): string {
  return `${longDay(entry.date)} · ${formatDuration(entry.minutes)} · ${categoryLabel(entry.category)}${entry.sku ? ` · ${entry.sku}` : ''}`;
}

/**
 * Where a restored window may reappear. Saved bounds can point at a monitor that is no longer connected (a
 * laptop undocked, a display rearranged): a window reopened there would be invisible. Pure, so it is tested
 * without Electron; main.ts passes the work areas from Electron's `screen`.
 */
import type { Rectangle } from 'electron';
import type { WindowBounds } from './settingsSchema';

/** The least of the window that must lie on one display's work area to keep its saved position. */
export const MIN_VISIBLE = { width: 100, height: 50 } as const;

export interface RestoredBounds {
  width: number;
  height: number;
  /** Both present or both absent: without them the window opens centred on the primary display. */
  x?: number;
  y?: number;
}

function overlap(a: Rectangle, b: Rectangle): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return { width: Math.max(0, width), height: Math.max(0, height) };
}

/**
 * Keeps the saved position when at least MIN_VISIBLE of the window lies on one work area. Otherwise drops
 * x/y and clamps the size to the primary display's work area, so the window opens there, whole.
 */
export function fitBoundsToDisplays(saved: WindowBounds, workAreas: readonly Rectangle[], primary: Rectangle): RestoredBounds {
  const { x, y, width, height } = saved;
  if (x !== undefined && y !== undefined) {
    const window = { x, y, width, height };
    const visible = workAreas.some((area) => {
      const shared = overlap(window, area);
      return shared.width >= MIN_VISIBLE.width && shared.height >= MIN_VISIBLE.height;
    });
    if (visible) return { x, y, width, height };
  }
  return { width: Math.min(width, primary.width), height: Math.min(height, primary.height) };
}

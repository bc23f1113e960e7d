/**
 * Hybrid logical clock (DESIGN.md §5): wall milliseconds + counter + device id.
 * Encoded as a fixed-width string so that string order is clock order; last-writer-wins compares these.
 */

export interface Hlc {
  wall: number;
  counter: number;
  device: string;
}

const WALL_WIDTH = 15;
const COUNTER_WIDTH = 5;
const MAX_COUNTER = 0xfffff;
/** A change stamped further ahead of our wall clock than this is refused as clock skew. */
export const MAX_DRIFT_MS = 5 * 60 * 1000;

/** The clock of seeded defaults: older than any real edit, so any edit wins. */
export const ZERO_HLC = encodeHlc({ wall: 0, counter: 0, device: '0' });

export function encodeHlc(clock: Hlc): string {
  return `${clock.wall.toString().padStart(WALL_WIDTH, '0')}-${clock.counter
    .toString(16)
    .padStart(COUNTER_WIDTH, '0')}-${clock.device}`;
}

export function decodeHlc(text: string): Hlc {
  const match = /^(\d{15})-([0-9a-f]{5})-(.+)$/.exec(text);
  if (!match?.[1] || !match[2] || !match[3]) throw new Error(`Malformed clock: ${text}`);
  return { wall: Number(match[1]), counter: parseInt(match[2], 16), device: match[3] };
}

export class ClockSkewError extends Error {
  constructor(readonly remoteWall: number, readonly localWall: number) {
    super(`A change is stamped ${Math.round((remoteWall - localWall) / 1000)} s in the future.`);
    this.name = 'ClockSkewError';
  }
}

/** The next local clock after `last`, for a change made now. */
export function tick(last: Hlc, now: number): Hlc {
  const wall = Math.max(last.wall, now);
  const counter = wall === last.wall ? last.counter + 1 : 0;
  if (counter > MAX_COUNTER) throw new ClockSkewError(wall, now);
  return { wall, counter, device: last.device };
}

/** Advance the local clock past a received one, refusing clocks too far in the future. */
export function receive(last: Hlc, remote: Hlc, now: number): Hlc {
  if (remote.wall - now > MAX_DRIFT_MS) throw new ClockSkewError(remote.wall, now);
  const wall = Math.max(last.wall, remote.wall, now);
  let counter: number;
  if (wall === last.wall && wall === remote.wall) counter = Math.max(last.counter, remote.counter) + 1;
  else if (wall === last.wall) counter = last.counter + 1;
  else if (wall === remote.wall) counter = remote.counter + 1;
  else counter = 0;
  return { wall, counter, device: last.device };
}

export function compareHlc(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

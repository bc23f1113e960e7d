import { decodeHlc } from '../protocol/hlc';
import type { Op } from '../protocol/wire';

/** "2 h 5 min", "40 s", "3 days 2 h": a clock difference for people. */
export function formatDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 24) return min % 60 === 0 ? `${h} h` : `${h} h ${min % 60} min`;
  const days = Math.floor(h / 24);
  return `${days} day${days === 1 ? '' : 's'}${h % 24 === 0 ? '' : ` ${h % 24} h`}`;
}

/** A difference below this is network and processing time, not a wrong clock. */
const NOTICEABLE_MS = 60_000;

export interface SkewReport {
  message: string;
  /** How far this computer's clock is ahead of the server's (negative: behind). */
  clockAheadMs: number;
  /** How far the refused change is stamped ahead of the server's time. */
  stampedAheadMs: number;
  serverTime: string;
}

/**
 * What to tell the user when a server refuses a change as stamped in the future. Either the clock is wrong now,
 * or it was wrong when the change was made; in both cases the change is kept and sent later.
 */
export function describeClockSkew(options: { server: string; serverTime: string; localNow: number; op: Op | null }): SkewReport {
  const serverNow = Date.parse(options.serverTime);
  const clockAheadMs = Number.isNaN(serverNow) ? 0 : options.localNow - serverNow;
  const stamped = options.op ? Math.max(...Object.values(options.op.fields).map((f) => decodeHlc(f.hlc).wall)) : options.localNow;
  const stampedAheadMs = Number.isNaN(serverNow) ? 0 : stamped - serverNow;
  const serverTime = Number.isNaN(serverNow) ? options.serverTime : new Date(serverNow).toISOString().replace(/\.\d+Z$/, 'Z');
  if (Math.abs(clockAheadMs) >= NOTICEABLE_MS) {
    const way = clockAheadMs > 0 ? 'ahead of' : 'behind';
    return {
      message: `This computer’s clock is ${formatDuration(clockAheadMs)} ${way} the clock of ${options.server} (server time ${serverTime}). Set the correct date and time; your changes are kept and sent once it is right.`,
      clockAheadMs,
      stampedAheadMs,
      serverTime,
    };
  }
  const sendable = new Date(stamped).toISOString().replace(/:\d\d\.\d+Z$/, 'Z');
  return {
    message: `Changes made while this computer’s clock was wrong are stamped ${formatDuration(stampedAheadMs)} ahead of ${options.server} (server time ${serverTime}). They are kept and sent once that time has passed (after about ${sendable}).`,
    clockAheadMs,
    stampedAheadMs,
    serverTime,
  };
}

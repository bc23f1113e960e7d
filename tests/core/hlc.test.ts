import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClockSkewError, MAX_DRIFT_MS, compareHlc, decodeHlc, encodeHlc, receive, tick } from '../../core/protocol/hlc';

const clock = fc.record({
  wall: fc.integer({ min: 0, max: 4_000_000_000_000 }),
  counter: fc.integer({ min: 0, max: 0xffff }),
  device: fc.stringMatching(/^[0-9a-f]{16}$/),
});

describe('hybrid logical clock', () => {
  it('round-trips through its string form', () => {
    fc.assert(
      fc.property(clock, (c) => {
        expect(decodeHlc(encodeHlc(c))).toEqual(c);
      }),
    );
  });

  it('orders strings exactly as (wall, counter, device)', () => {
    fc.assert(
      fc.property(clock, clock, (a, b) => {
        const tuple = Math.sign(a.wall - b.wall) || Math.sign(a.counter - b.counter) || (a.device < b.device ? -1 : a.device > b.device ? 1 : 0);
        expect(compareHlc(encodeHlc(a), encodeHlc(b))).toBe(tuple);
      }),
    );
  });

  it('tick is strictly increasing even when the wall clock goes backwards', () => {
    fc.assert(
      fc.property(clock, fc.array(fc.integer({ min: 0, max: 4_000_000_000_000 }), { maxLength: 30 }), (start, nows) => {
        let last = start;
        for (const now of nows) {
          const next = tick(last, now);
          expect(compareHlc(encodeHlc(next), encodeHlc(last))).toBe(1);
          last = next;
        }
      }),
    );
  });

  it('receive moves past the remote clock and refuses one too far in the future', () => {
    fc.assert(
      fc.property(clock, clock, (local, remote) => {
        const now = remote.wall;
        const next = receive(local, remote, now);
        expect(next.wall).toBeGreaterThanOrEqual(remote.wall);
        expect(compareHlc(encodeHlc(next), encodeHlc({ ...remote, device: next.device })) >= 0).toBe(true);
      }),
    );
    const local = { wall: 1000, counter: 0, device: 'a' };
    expect(() => receive(local, { wall: 1000 + MAX_DRIFT_MS + 1, counter: 0, device: 'b' }, 1000)).toThrow(ClockSkewError);
  });
});

import { useEffect, useState } from 'react';

/**
 * The current time, re-read when the minute changes: SLA clocks show whole minutes, so they re-render once a
 * minute, on the minute, and not in between. (A one-second check is cheaper than the render it avoids.)
 */
export function useMinuteClock(): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    let minute = Math.floor(Date.now() / 60_000);
    const timer = setInterval(() => {
      const current = Math.floor(Date.now() / 60_000);
      if (current !== minute) {
        minute = current;
        setNow(Date.now());
      }
    }, 1000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

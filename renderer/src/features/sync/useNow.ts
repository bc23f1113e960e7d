import { useEffect, useState } from 'react';

/** The current time, re-read every `everyMs` (30 s by default): enough for "2 min ago", and no timer storm. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

/** Restart policy for the core utility process: pure, so the schedule is tested without timers. */

export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A run that lasted at least this long counts as stable and resets the schedule. */
  stableMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 500, maxMs: 30_000, stableMs: 60_000 };

/** Delay before restart number `attempt` (0-based): 0.5 s, 1 s, 2 s … capped. */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  if (!Number.isFinite(attempt) || attempt < 0) return policy.initialMs;
  // Cap the exponent first so a long crash loop cannot overflow to Infinity.
  const exponent = Math.min(Math.floor(attempt), 30);
  return Math.min(policy.initialMs * 2 ** exponent, policy.maxMs);
}

/**
 * Consecutive unexpected exits including this one; a run that was stable starts the count again at 1.
 * The restart delay is `backoffDelay(failures - 1)`.
 */
export function nextFailureCount(previousFailures: number, ranForMs: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  return ranForMs >= policy.stableMs ? 1 : previousFailures + 1;
}

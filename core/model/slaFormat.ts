import type { SlaTargetStatus } from './slaClock';

/**
 * How SLA times read, for people: "12 min", "1 h 05", "2 d 3 h". One place, so the account page, the CLI and
 * the reports say it the same way.
 */
export function formatSlaDuration(ms: number): string {
  const minutes = Math.floor(Math.abs(ms) / 60_000);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${String(minutes % 60).padStart(2, '0')}`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

const roundUpToMinute = (ms: number): number => Math.ceil(ms / 60_000) * 60_000;

/** A target's status in a few words: "12 min left", "Breached by 1 h 05", "Met in 8 min". */
export function describeSlaTarget(status: SlaTargetStatus): string {
  switch (status.state) {
    case 'not_started':
      return status.done ? 'No updates were due' : 'Starts at the first response';
    case 'met':
      return status.kind === 'update' ? 'Kept' : `Met in ${formatSlaDuration(status.elapsedMs)}`;
    case 'breached':
      // Rounded up, like a countdown: a target one second over is breached by a minute, never "by 0 min".
      return `Breached by ${formatSlaDuration(roundUpToMinute(-status.remainingMs))}`;
    case 'running':
      // Rounded up too: a 15-minute target just opened reads "15 min left", the last seconds "1 min left".
      return `${formatSlaDuration(roundUpToMinute(status.remainingMs))} left`;
  }
}

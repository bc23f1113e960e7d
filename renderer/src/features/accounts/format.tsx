import { HEALTH_LABELS, LIFECYCLE_STAGE_LABELS } from '../../../../core/model';
import type { Health, LifecycleStage } from '../../../../core/model';

export const stageLabel = (stage: LifecycleStage): string => LIFECYCLE_STAGE_LABELS[stage];
export const healthLabel = (health: Health): string => HEALTH_LABELS[health];

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const countFormat = new Intl.NumberFormat();

export const formatDate = (iso: string): string => dateFormat.format(new Date(iso));
export const formatDateTime = (iso: string): string => dateTimeFormat.format(new Date(iso));
export const formatCount = (n: number): string => countFormat.format(n);

export function HealthBadge({ health }: { health: Health }) {
  return (
    <span className={`badge badge--${health}`}>
      <span className="badge__dot" aria-hidden="true" />
      {healthLabel(health)}
    </span>
  );
}

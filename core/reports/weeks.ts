import { shiftWeek, weekDays, weekOf } from '../model';
import type { Scope } from './scope';

/** The ISO weeks a period touches, each with its first and last day inside the period. */
export function weeksOfPeriod(scope: Pick<Scope, 'query'>): Array<{ week: string; first: string; last: string }> {
  const { from, to } = scope.query;
  const out: Array<{ week: string; first: string; last: string }> = [];
  for (let week = weekOf(from); ; week = shiftWeek(week, 1)) {
    const days = weekDays(week);
    const first = (days[0] as string) < from ? from : (days[0] as string);
    if (first > to) break;
    const last = (days[6] as string) > to ? to : (days[6] as string);
    out.push({ week, first, last });
  }
  return out;
}

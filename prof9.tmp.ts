import { openCore } from './core/api/core';
import { buildScope } from './core/reports/scope';
import { SettledSla, slaFigure, mttrFigure, backlogFigure } from './core/reports/incidents';
import { hoursFigure } from './core/reports/hours';
import { adoptionFigure, lifecycleFigure, asksFigure, coverageFigure } from './core/reports/portfolio';
import { shiftWeek, weekDays } from './core/model';
const core = await openCore({ dataDir: 'bench/.data/scale-1-seed-1', host: 'in-process', watchIntervalMs: 0 });
const settled = new SettledSla();
const tot: Record<string, number> = {};
let c = process.cpuUsage(); const cpu = () => { const d = process.cpuUsage(c); c = process.cpuUsage(); return (d.user + d.system) / 1000; };
for (let run = 0; run < 12; run++) {
  const last = shiftWeek('2026-W48', -run);
  const q = { from: weekDays(shiftWeek(last, -3))[0]!, to: weekDays(last)[6]! };
  cpu();
  core.store.db.transaction(() => {
  const scope = buildScope(core.store.db, q, new Date('2026-11-27T12:00:00Z'));
  const add = (n: string) => { const v = cpu(); if (run > 1) tot[n] = (tot[n] ?? 0) + v / 10; };
  add('scope');
  slaFigure(scope, settled); add('sla'); mttrFigure(scope); add('mttr'); backlogFigure(scope); add('backlog'); hoursFigure(scope); add('hours'); adoptionFigure(scope); add('adoption'); lifecycleFigure(scope); add('lifecycle'); asksFigure(scope); add('asks'); coverageFigure(scope); add('coverage');
  })();
}
console.log(Object.entries(tot).map(([k, v]) => `${k} ${v.toFixed(0)}`).join(' | '));
core.close();

import Database from 'better-sqlite3';
const db = new Database('bench/.data/scale-1-seed-1/fieldbook.db');
db.exec(`CREATE TEMP TABLE IF NOT EXISTS report_period_starts (account_id TEXT PRIMARY KEY, start TEXT NOT NULL) WITHOUT ROWID`);
const ins = db.prepare('INSERT OR REPLACE INTO temp.report_period_starts VALUES (?, ?)');
for (const r of db.prepare('SELECT id FROM accounts').all() as any[]) ins.run(r.id, '2026-10-01');
const sqls = [`SELECT t.account_id, SUM(t.minutes) AS minutes FROM time_entries t INDEXED BY time_entries_date_report CROSS JOIN temp.report_period_starts s WHERE s.account_id = t.account_id AND t.date >= s.start AND t.deleted = 0 AND t.billable = 1 AND t.date >= ? AND t.date <= ? AND t.id NOT IN (SELECT adjusts_id FROM time_entries WHERE deleted = 0 AND adjusts_id IS NOT NULL) GROUP BY t.account_id`,
`SELECT account_id, date, SUM(minutes) AS minutes FROM time_entries WHERE account_id IN (SELECT value FROM json_each(?)) AND deleted = 0 AND billable = 1 AND date >= ? AND date <= ? GROUP BY account_id, date`];
console.log(db.prepare('EXPLAIN QUERY PLAN ' + sqls[0]).all('2026-08-01', '2026-11-01').map((r: any) => r.detail).join('; '));
for (let i = 0; i < 3; i++) { const t = performance.now(); db.prepare(sqls[0]!).all('2026-08-01', '2026-11-01'); console.log((performance.now() - t).toFixed(1)); }
const ids = JSON.stringify((db.prepare('SELECT id FROM accounts LIMIT 40').all() as any[]).map((r) => r.id));
console.log(db.prepare('EXPLAIN QUERY PLAN ' + sqls[1]).all(ids, '2026-08-01', '2026-11-01').map((r: any) => r.detail).join('; '));
for (let i = 0; i < 3; i++) { const t = performance.now(); db.prepare(sqls[1]!).all(ids, '2026-08-01', '2026-11-01'); console.log((performance.now() - t).toFixed(1)); }

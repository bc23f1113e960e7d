import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main';
import type { TimeImportPreview } from '../../core/model';
import { openStore } from '../../core/store/store';
import { tempDir } from './helpers';
import { addEntries, timeWorld } from './timeIoSeed';

const run = promisify(execFile);
const FIXTURES = 'tests/fixtures/time-import';
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => (err += `${t}\n`) });
  return { code, out, err };
}

/** A data folder with Dana's profile, accounts and contracts (and entries when given), closed for the CLI to open. */
async function dataDir(seed?: (w: Awaited<ReturnType<typeof timeWorld>>) => void): Promise<{ dir: string; files: string }> {
  const data = tempDir();
  const files = tempDir();
  cleanups.push(data.cleanup, files.cleanup);
  const w = await timeWorld(data.dir);
  seed?.(w);
  w.t.core.close();
  return { dir: data.dir, files: files.dir };
}

/** Reads the data folder the way the app would after the CLI ran. */
async function count(dir: string, sql: string): Promise<number> {
  const store = await openStore({ dataDir: dir });
  try {
    return store.db.prepare<[], number>(sql).pluck().get() ?? 0;
  } finally {
    store.close();
  }
}

describe('fieldbook timesheet export', () => {
  it('writes a CSV (format from --format or the file name), rounds, and says what it wrote', async () => {
    const { dir, files } = await dataDir((w) => addEntries(w.store, w.contoso, [{ minutes: 7, note: 'Ünïcode, "quoted"' }, { minutes: 50, date: '2026-03-20' }]));
    const out = join(files, 'march.csv');
    const result = await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--round', '15', '--bom', '--out', out]);
    expect(result).toMatchObject({ code: 0, err: '' });
    expect(result.out).toBe(`Exported 2 entries to ${out}.\n`);
    const records: Array<Record<string, string>> = parse(readFileSync(out), { columns: true, bom: true });
    expect(records.map((r) => [r['Minutes'], r['Note']])).toEqual([
      ['15', 'Ünïcode, "quoted"'],
      ['60', ''],
    ]);
    const pdf = join(files, 'march.pdf');
    expect((await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--account', 'CONTOSO', '--format', 'pdf', '--out', pdf])).code).toBe(0);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('marks approved time as exported, and refuses (exit 2, no file) when some is not approved', async () => {
    const { dir, files } = await dataDir((w) => addEntries(w.store, w.contoso, [{ status: 'approved' }, { status: 'submitted', date: '2026-03-03' }]));
    const out = join(files, 'march.xlsx');
    const refused = await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--mark-exported', '--out', out]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('fieldbook: Only approved time can be marked as exported, and 1 of the 2 selected entries is not approved yet (1 submitted).');
    expect(readdirSync(files)).toEqual([]);
    const ok = await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--status', 'approved', '--mark-exported', '--out', out]);
    expect(ok.out).toBe(`Exported 1 entry to ${out}; 1 marked as exported.\n`);
    expect(await count(dir, `SELECT count(*) FROM time_entries WHERE status = 'exported'`)).toBe(1);
  });

  it('explains usage mistakes and bad values with exit 2, and unknown accounts or empty periods with exit 1', async () => {
    const { dir, files } = await dataDir((w) => addEntries(w.store, w.contoso, [{}]));
    const out = join(files, 'x.csv');
    const noTo = await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--out', out]);
    expect(noTo.code).toBe(2);
    expect(noTo.err).toContain('timesheet export needs --from DATE, --to DATE and --out FILE.');
    expect((await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--out', join(files, 'x.txt')])).err).toContain('needs --format csv, xlsx or pdf');
    expect((await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-02-30', '--to', '2026-03-31', '--out', out])).err).toContain('The start date must be a date written YYYY-MM-DD.');
    expect((await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--round', '10', '--out', out])).err).toContain('Rounding is none, 6 or 15 (minutes).');
    expect((await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'pdf', '--bom', '--out', out])).err).toContain('--bom applies to CSV only.');
    const unknown = await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--account', 'Globex', '--out', out]);
    expect(unknown).toMatchObject({ code: 1, err: 'fieldbook: No account is named "Globex" or has that id.\n' });
    const empty = await cli(['--data-dir', dir, 'timesheet', 'export', '--from', '2025-03-01', '--to', '2025-03-31', '--out', out]);
    expect(empty).toMatchObject({ code: 1, err: 'fieldbook: No time entries match 2025-03-01 to 2025-03-31. Nothing was exported.\n' });
    expect(existsSync(out)).toBe(false);
  });

  it('runs as the installed command', async () => {
    const { dir, files } = await dataDir((w) => addEntries(w.store, w.contoso, [{ minutes: 90 }]));
    const out = join(files, 'march.csv');
    const { stdout } = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'timesheet', 'export', '--from', '2026-03-01', '--to', '2026-03-31', '--format', 'csv', '--out', out]);
    expect(stdout).toBe(`Exported 1 entry to ${out}.\n`);
    const failed = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'time', 'import', join(FIXTURES, 'toggl-detailed.csv')]).catch((error: { code: number; stderr: string }) => error);
    expect('code' in failed && failed.code).toBe(1);
    expect('stderr' in failed && failed.stderr).toContain('fieldbook: Row 5, Client: No account is named “Globex”.');
    // Two Node processes that compile TypeScript on start: slow on a busy machine.
  }, 30_000);
});

describe('fieldbook time import', () => {
  it('lists every problem and imports nothing while the file has errors; a dry run writes nothing either', async () => {
    const { dir, files } = await dataDir();
    const result = await cli(['--data-dir', dir, 'time', 'import', join(FIXTURES, 'toggl-detailed.csv')]);
    expect(result.code).toBe(1);
    expect(result.out).toContain('Toggl Track: 9 rows — 5 ready (9:26), 1 duplicate, 3 with errors.');
    expect(result.out).toContain('Duplicates, skipped: row 7 (same as row 2).');
    expect(result.err.split('\n').filter(Boolean)).toEqual([
      'fieldbook: Row 5, Client: No account is named “Globex”. Create it in Fieldbook, or correct the name in the file.',
      'fieldbook: Row 8: This overlaps row 2 of the file.',
      'fieldbook: Row 10, Duration: “1 hour” is not a duration; write it like 1:30, 01:30:00 or 1.5.',
      'fieldbook: Nothing was imported.',
    ]);
    const fixed = join(files, 'toggl-fixed.csv');
    const lines = readFileSync(join(FIXTURES, 'toggl-detailed.csv'), 'utf8').split('\r\n');
    writeFileSync(fixed, lines.filter((_, i) => ![4, 7, 9].includes(i)).join('\r\n'));
    const dry = await cli(['--data-dir', dir, 'time', 'import', fixed, '--dry-run']);
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('Dry run: nothing was imported. Run again without --dry-run to import the 5 ready rows.');
    const json = await cli(['--data-dir', dir, 'time', 'import', fixed, '--dry-run', '--json']);
    expect((JSON.parse(json.out) as TimeImportPreview).counts).toEqual({ rows: 6, ready: 5, duplicates: 1, errors: 0 });
    expect(await count(dir, 'SELECT count(*) FROM time_entries')).toBe(0);

    const done = await cli(['--data-dir', dir, 'time', 'import', fixed]);
    expect(done.code).toBe(0);
    expect(done.out).toContain('Imported 5 entries (9:26) as drafts; skipped 1 duplicate.');
    expect(await count(dir, `SELECT count(*) FROM time_entries WHERE source = 'import' AND status = 'draft'`)).toBe(5);
  });

  it('maps a generic file with --map, and explains a bad mapping or a missing file', async () => {
    const { dir, files } = await dataDir();
    const file = join(files, 'hours.csv');
    writeFileSync(file, 'Day,Customer,Time,Comment\n2026-03-04,Contoso,1:30,Workshop\n');
    const imported = await cli(['--data-dir', dir, 'time', 'import', file, '--map', 'Day=date,Customer=account,Time=duration,Comment=note', '--category', 'onsite']);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.out).toContain('Imported 1 entry (1:30) as drafts.');
    expect(await count(dir, `SELECT count(*) FROM time_entries WHERE category = 'onsite' AND note = 'Workshop'`)).toBe(1);
    expect((await cli(['--data-dir', dir, 'time', 'import', file, '--map', 'Day=when'])).err).toContain('"when" is not a field to map to.');
    const missing = await cli(['--data-dir', dir, 'time', 'import', join(files, 'nope.csv')]);
    expect(missing).toMatchObject({ code: 1, err: `fieldbook: Cannot read ${join(files, 'nope.csv')}: there is no such file.\n` });
  });
});

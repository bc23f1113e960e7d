import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportTimeToBuffer } from '../../core/io/timeExport';
import { commitTimeImport } from '../../core/io/timeImport/commit';
import { importTime, planTimeImport } from '../../core/io/timeImport/preview';
import type { TimeImportInput } from '../../core/io/timeImport/preview';
import { timeExportRequestSchema, timeImportRequestSchema } from '../../core/model';
import type { TimeImportPreviewRow, TimeImportPreview } from '../../core/model';
import type { Store } from '../../core/store/store';
import { addEntries, approveWeek, ME, timeWorld } from './timeIoSeed';
import { tempDir } from './helpers';

const FIXTURES = 'tests/fixtures/time-import';
const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

async function world() {
  const w = await timeWorld();
  cleanups.push(w.t.close);
  return w;
}

function input(fileName: string, bytes: Buffer, over: Partial<TimeImportInput> = {}): TimeImportInput {
  const { contentBase64: _, ...defaults } = timeImportRequestSchema.parse({ fileName, contentBase64: '' });
  return { ...defaults, bytes, ...over };
}

function fixture(name: string, over: Partial<TimeImportInput> = {}): TimeImportInput {
  return input(name, readFileSync(join(FIXTURES, name)), over);
}

/** A fixture without some of its lines (1 = the header), as a person would fix a file. */
function fixtureWithout(name: string, rows: number[]): TimeImportInput {
  const lines = readFileSync(join(FIXTURES, name), 'utf8').split(/(?<=\n)/);
  return input(name, Buffer.from(lines.filter((_, i) => !rows.includes(i + 1)).join('')));
}

function row(preview: TimeImportPreview, n: number): TimeImportPreviewRow {
  const found = preview.rows.find((r) => r.row === n);
  if (!found) throw new Error(`no row ${n}`);
  return found;
}

function entryCount(store: Store): number {
  return store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM time_entries').get()?.n ?? 0;
}

function outboxCount(store: Store): number {
  return store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()?.n ?? 0;
}

describe('importing a Toggl Track export', () => {
  it('previews every row: entries, per-row errors in the user’s words, duplicates and overlaps — and writes nothing', async () => {
    const { store, contoso, northwind, fabrikam } = await world();
    const before = outboxCount(store);
    const preview = await planTimeImport(store, fixture('toggl-detailed.csv'));
    expect(preview.format).toBe('toggl');
    expect(preview.fileErrors).toEqual([]);
    expect(preview.counts).toEqual({ rows: 9, ready: 5, duplicates: 1, errors: 3 });
    expect(preview.readyMinutes).toBe(45 + 221 + 90 + 135 + 75);

    expect(row(preview, 2)).toMatchObject({
      status: 'ready',
      accountName: 'Contoso',
      draft: {
        accountId: contoso,
        date: '2026-03-02',
        minutes: 45,
        // 09:00 in Paris (the profile's zone) is 08:00 UTC in March.
        startedAt: '2026-03-02T08:00:00.000Z',
        endedAt: '2026-03-02T08:45:00.000Z',
        timeZone: 'Europe/Paris',
        category: 'remote',
        sku: null,
        billable: true,
        note: 'Weekly sync with the platform team',
      },
    });
    // 03:40:30 rounds to 221 minutes; the task names a SKU of the contract; the first tag that is a category wins.
    expect(row(preview, 3).draft).toMatchObject({ minutes: 221, sku: 'TAM-ONSITE', category: 'onsite', note: 'Onsite: upgrade rehearsal, "blue" cluster [rehearsal]' });
    expect(row(preview, 4).draft).toMatchObject({ accountId: northwind, billable: false });
    expect(row(preview, 5)).toMatchObject({ status: 'error', draft: null, errors: [{ column: 'Client', message: 'No account is named “Globex”. Create it in Fieldbook, or correct the name in the file.' }] });
    // No client: the project names the account.
    expect(row(preview, 6).draft).toMatchObject({ accountId: fabrikam, category: 'travel', minutes: 135 });
    expect(row(preview, 7)).toMatchObject({ status: 'duplicate', duplicateOf: { kind: 'row', row: 2 } });
    expect(row(preview, 8)).toMatchObject({ status: 'error', errors: [{ column: null, message: 'This overlaps row 2 of the file.' }] });
    // Across midnight: the end date is the next day.
    expect(row(preview, 9).draft).toMatchObject({ date: '2026-03-05', startedAt: '2026-03-05T22:30:00.000Z', endedAt: '2026-03-05T23:45:00.000Z', category: 'incident' });
    expect(row(preview, 10).errors).toEqual([{ column: 'Duration', message: '“1 hour” is not a duration; write it like 1:30, 01:30:00 or 1.5.' }]);

    await expect(importTime(store, fixture('toggl-detailed.csv'))).rejects.toThrow(
      '3 of 9 rows have problems; nothing was imported. Row 5, Client: No account is named “Globex”.',
    );
    expect(entryCount(store)).toBe(0);
    expect(outboxCount(store)).toBe(before);
  });

  it('imports the fixed file as the local person’s drafts, skips duplicates, and finds them again on a second import', async () => {
    const { store, contoso } = await world();
    const fixed = fixtureWithout('toggl-detailed.csv', [5, 8, 10]);
    const result = await importTime(store, fixed);
    expect(result).toMatchObject({ imported: 5, skippedDuplicates: 1, minutes: 566 });
    const stored = store.db
      .prepare<[], { user_id: string; account_id: string; source: string; status: string; rate: number | null; currency: string | null; minutes: number }>(
        'SELECT user_id, account_id, source, status, rate, currency, minutes FROM time_entries ORDER BY date, started_at',
      )
      .all();
    expect(stored).toHaveLength(5);
    expect(stored.every((e) => e.user_id === ME && e.source === 'import' && e.status === 'draft')).toBe(true);
    // The rate comes from the contract's SKU.
    expect(stored.find((e) => e.account_id === contoso && e.minutes === 221)).toMatchObject({ rate: 18_050, currency: 'EUR' });
    // Every entry waits in the outbox to sync.
    expect(store.db.prepare(`SELECT count(*) AS n FROM outbox WHERE tbl = 'time_entries'`).get()).toEqual({ n: 5 });

    const again = await planTimeImport(store, fixed);
    expect(again.counts).toEqual({ rows: 6, ready: 0, duplicates: 6, errors: 0 });
    expect(again.rows.filter((r) => r.duplicateOf?.kind === 'stored')).toHaveLength(6);
    expect(await importTime(store, fixed)).toMatchObject({ imported: 0, skippedDuplicates: 6 });
    expect(entryCount(store)).toBe(5);
  });
});

describe('importing a Harvest export', () => {
  it('reads decimal hours, finds SKUs by name, keeps unmatched tasks in the note, and flags bad rows', async () => {
    const { store, contoso, fabrikam } = await world();
    const preview = await planTimeImport(store, fixture('harvest-detailed.csv'));
    expect(preview.format).toBe('harvest');
    expect(preview.counts).toEqual({ rows: 7, ready: 4, duplicates: 1, errors: 2 });
    expect(row(preview, 2).draft).toMatchObject({ accountId: contoso, minutes: 90, sku: 'TAM-REMOTE', startedAt: null, note: 'Reviewed the upgrade plan with the SRE lead' });
    expect(row(preview, 3).draft).toMatchObject({ sku: null, note: 'Project Management: QBR preparation', minutes: 135 });
    expect(row(preview, 4).draft).toMatchObject({ sku: 'ADMIN', billable: false, minutes: 15 });
    expect(row(preview, 5).errors).toEqual([{ column: 'Hours', message: '“abc” is not a number of hours; write it like 1.5.' }]);
    // Fabrikam has no contract, so the task cannot be a SKU: it stays in the note.
    expect(row(preview, 6).draft).toMatchObject({ accountId: fabrikam, sku: null, note: 'Remote TAM hour: Onboarding workshop', minutes: 180 });
    expect(row(preview, 7)).toMatchObject({ status: 'duplicate', duplicateOf: { kind: 'row', row: 2 } });
    expect(row(preview, 8).errors).toEqual([{ column: 'Hours', message: 'No more than 24 hours in a day.' }]);
    // "Dana Field" is the profile's own name: no notice about whose time it is.
    expect(preview.notices).toEqual([]);
  });
});

describe('importing a Clockify export', () => {
  it('reads month-first dates and 12-hour times, tags as categories, and explains a bad date and a bad yes/no', async () => {
    const { store, contoso, northwind } = await world();
    const preview = await planTimeImport(store, fixture('clockify-detailed.csv'));
    expect(preview.format).toBe('clockify');
    expect(preview.notices).toEqual([]);
    expect(preview.counts).toEqual({ rows: 6, ready: 3, duplicates: 1, errors: 2 });
    expect(row(preview, 2).draft).toMatchObject({
      accountId: contoso,
      date: '2026-03-13',
      startedAt: '2026-03-13T13:15:00.000Z',
      endedAt: '2026-03-13T15:00:00.000Z',
      minutes: 105,
      category: 'incident',
    });
    expect(row(preview, 3).draft).toMatchObject({ accountId: northwind, date: '2026-03-12', category: 'roadmap_review', minutes: 90 });
    expect(row(preview, 4).duplicateOf).toEqual({ kind: 'row', row: 2 });
    expect(row(preview, 5).draft).toMatchObject({ startedAt: '2026-03-16T12:00:00.000Z', category: 'remote' });
    expect(row(preview, 6).errors).toEqual([
      { column: 'Start Date', message: '“2026-13-45” is not a date; write it like 2026-03-04.' },
      { column: 'End Date', message: '“2026-13-45” is not a date; write it like 2026-03-04.' },
    ]);
    expect(row(preview, 7).errors).toEqual([{ column: 'Billable', message: '“maybe” is not yes or no.' }]);
  });

  it('says how ambiguous dates were read, and reads them the other way when asked', async () => {
    const { store } = await world();
    const text = readFileSync(join(FIXTURES, 'clockify-detailed.csv'), 'utf8')
      .split('\r\n')
      .slice(0, 2)
      .join('\r\n')
      .replace(/03\/13\/2026/g, '03/04/2026');
    const auto = await planTimeImport(store, input('clockify.csv', Buffer.from(text)));
    expect(auto.notices).toEqual(['Dates like 03/04/2026 were read as month/day/year (March 4). If that is wrong, choose the other date order.']);
    expect(row(auto, 2).draft?.date).toBe('2026-03-04');
    const dayFirst = await planTimeImport(store, input('clockify.csv', Buffer.from(text), { dateOrder: 'dmy' }));
    expect(dayFirst.notices).toEqual([]);
    expect(row(dayFirst, 2).draft?.date).toBe('2026-04-03');
  });
});

describe('importing other files', () => {
  it('maps the columns of a semicolon CSV with day-first dates and decimal commas', async () => {
    const { store, contoso } = await world();
    const bytes = Buffer.from('Tag;Kunde;Stunden;Bemerkung;Kategorie\n04.03.2026;contoso;1,5;Workshop;Onsite\n05.03.2026;Contoso;0,25;Kurzer Anruf;\n');
    const unmapped = await planTimeImport(store, input('zeiten.csv', bytes));
    expect(unmapped).toMatchObject({ format: 'generic', rows: [] });
    expect(unmapped.fileErrors).toEqual(['The columns do not look like an export from Toggl, Harvest, Clockify or Fieldbook. Choose which column holds what.']);

    const mapping = { Tag: 'date', Kunde: 'account', Stunden: 'hours', Bemerkung: 'note', Kategorie: 'category' } as const;
    const preview = await planTimeImport(store, input('zeiten.csv', bytes, { format: 'generic', mapping }));
    expect(preview.fileErrors).toEqual([]);
    expect(preview.rows.map((r) => r.draft)).toMatchObject([
      { accountId: contoso, date: '2026-03-04', minutes: 90, note: 'Workshop', category: 'onsite' },
      { accountId: contoso, date: '2026-03-05', minutes: 15, category: 'remote' },
    ]);
    const incomplete = await planTimeImport(store, input('zeiten.csv', bytes, { format: 'generic', mapping: { Tag: 'date', Bemerkung: 'note', Nope: 'sku' } }));
    expect(incomplete.fileErrors).toEqual([
      'The file has no column “Nope”.',
      'Map a column to Account.',
      'Map a column to Duration, Hours or Minutes (or map both Start time and End time).',
    ]);
  });

  it('reads an XLSX with real date, time and number cells', async () => {
    const { store, contoso } = await world();
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Detailed report');
    sheet.addRow(['User', 'Email', 'Client', 'Project', 'Task', 'Description', 'Billable', 'Start date', 'Start time', 'End date', 'End time', 'Duration', 'Tags']);
    const row = sheet.addRow(['Dana Field', ME, 'Contoso', 'Support', '', 'Capacity review', 'Yes', new Date('2026-03-18T00:00:00Z'), new Date('1899-12-30T14:00:00Z'), new Date('2026-03-18T00:00:00Z'), new Date('1899-12-30T15:20:00Z'), new Date('1899-12-30T01:20:00Z'), '']);
    row.getCell(8).numFmt = 'yyyy-mm-dd';
    row.getCell(9).numFmt = 'hh:mm:ss';
    row.getCell(11).numFmt = 'hh:mm:ss';
    row.getCell(12).numFmt = '[h]:mm:ss';
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await planTimeImport(store, input('toggl.xlsx', bytes));
    expect(preview.format).toBe('toggl');
    expect(preview.rows[0]?.draft).toMatchObject({ accountId: contoso, date: '2026-03-18', minutes: 80, startedAt: '2026-03-18T13:00:00.000Z', endedAt: '2026-03-18T14:20:00.000Z' });
  });

  it('refuses a team export, unreadable files and empty files with a clear message', async () => {
    const { store } = await world();
    const team = readFileSync(join(FIXTURES, 'toggl-detailed.csv'), 'utf8').replace(/Dana Field,dana@example.com,Northwind/g, 'Sam Lee,sam@example.com,Northwind');
    const teamPreview = await planTimeImport(store, input('team.csv', Buffer.from(team)));
    expect(teamPreview.fileErrors).toEqual(['The file holds the time of 2 people (dana@example.com, sam@example.com). Export only your own time and import that.']);
    await expect(importTime(store, input('team.csv', Buffer.from(team)))).rejects.toThrow('The file cannot be imported; nothing was imported. The file holds the time of 2 people');

    await expect(planTimeImport(store, input('latin1.csv', Buffer.from([0x44, 0x61, 0x74, 0x65, 0x0a, 0xe9, 0x0a])))).rejects.toThrow(
      'The file is not UTF-8 text. Save it as “CSV UTF-8” (or export it again) and import that.',
    );
    await expect(planTimeImport(store, input('broken.csv', Buffer.from('Date,Client\n2026-03-01,"Contoso\n')))).rejects.toThrow(
      'The file could not be read as CSV near line 2: a quoted cell is never closed. Nothing was imported.',
    );
    await expect(planTimeImport(store, input('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])))).rejects.toThrow('This is an old Excel .xls file.');
    await expect(planTimeImport(store, input('fake.xlsx', Buffer.from('Date,Client\n')))).rejects.toThrow('This file is named .xlsx but is not an Excel workbook.');
    await expect(planTimeImport(store, input('empty.csv', Buffer.from('\n\n')))).rejects.toThrow('The file is empty');
    const headerOnly = await planTimeImport(store, fixtureWithout('harvest-detailed.csv', [2, 3, 4, 5, 6, 7, 8]));
    expect(headerOnly.fileErrors).toEqual(['The file has a header but no rows of time.']);
  });
});

describe('rules against the entries already stored', () => {
  it('marks stored duplicates and refuses time past 24 hours a day', async () => {
    const { store, contoso } = await world();
    // Already stored: the first Harvest row (spaced and cased differently), and 23:50 on 10 March.
    const [stored] = addEntries(store, contoso, [{ date: '2026-03-09', minutes: 90, sku: 'TAM-REMOTE', note: '  Reviewed the upgrade plan with the SRE LEAD ', status: 'draft' }]);
    addEntries(store, contoso, [{ date: '2026-03-10', minutes: 23 * 60 + 50, status: 'draft' }]);
    const preview = await planTimeImport(store, fixture('harvest-detailed.csv'));
    expect(row(preview, 2)).toMatchObject({ status: 'duplicate', duplicateOf: { kind: 'stored', id: stored } });
    expect(row(preview, 7)).toMatchObject({ status: 'duplicate', duplicateOf: { kind: 'stored', id: stored } });
    expect(row(preview, 4)).toMatchObject({ status: 'error', errors: [{ column: null, message: 'That makes 24h05 on 2026-03-10; a day holds no more than 24 hours.' }] });
    expect(row(preview, 3).status).toBe('ready');
  });

  it('refuses time in a week that is submitted or approved, and time overlapping a stored timed entry', async () => {
    const { store, contoso } = await world();
    approveWeek(store, ME, '2026-W12', 'maria.manager@example.com', '2026-03-23T09:00:00Z');
    addEntries(store, contoso, [{ date: '2026-03-13', minutes: 60, startedAt: '2026-03-13T14:30:00Z', endedAt: '2026-03-13T15:30:00Z', timeZone: 'UTC', status: 'draft' }]);
    const preview = await planTimeImport(store, fixture('clockify-detailed.csv'));
    expect(row(preview, 2).errors).toEqual([{ column: null, message: 'This overlaps a timed entry you already have on 2026-03-13.' }]);
    expect(row(preview, 3).status).toBe('ready');
    expect(row(preview, 5).errors).toEqual([{ column: null, message: 'Your timesheet for 2026-W12 is approved, so no time can be added to that week.' }]);
  });

  it('commitTimeImport writes all drafts or none', async () => {
    const { store, contoso } = await world();
    const draft = { accountId: contoso, date: '2026-03-20', minutes: 60, startedAt: '2026-03-20T09:00:00Z', endedAt: '2026-03-20T10:00:00Z', timeZone: 'UTC', category: 'remote' as const, sku: 'TAM-REMOTE', billable: null, note: '', adjustsId: null };
    const before = outboxCount(store);
    // The commit is the time service's own write: its per-row problems, and nothing written.
    const overlapping = () => commitTimeImport(store, [draft, { ...draft, startedAt: '2026-03-20T09:30:00Z', endedAt: '2026-03-20T10:30:00Z' }]);
    // Both entries of an overlapping pair are named (the preview names only the later row, with the other's number).
    expect(overlapping).toThrow('2 of 2 rows have problems; nothing was written.');
    expect(rowsOf(overlapping)).toEqual([
      expect.objectContaining({ index: 0, message: expect.stringMatching(/^Row 1: .*overlaps/) as unknown }),
      expect.objectContaining({ index: 1, message: expect.stringMatching(/^Row 2: .*overlaps/) as unknown }),
    ]);
    const wrongSku = () => commitTimeImport(store, [draft, { ...draft, sku: 'GOLD', startedAt: null, endedAt: null }]);
    expect(rowsOf(wrongSku)).toEqual([{ index: 1, field: 'sku', message: expect.stringContaining('"GOLD" is not a SKU of this account\'s contract') as unknown }]);
    expect(entryCount(store)).toBe(0);
    expect(outboxCount(store)).toBe(before);
    const ids = commitTimeImport(store, [draft, { ...draft, startedAt: null, endedAt: null, minutes: 30 }]);
    expect(ids).toHaveLength(2);
    // The SKU's billable default and rate fill in.
    expect(store.db.prepare('SELECT billable, rate, currency, source, status FROM time_entries WHERE id = ?').get(ids[0])).toEqual({ billable: 1, rate: 15_000, currency: 'EUR', source: 'import', status: 'draft' });
  });
});

/** The per-row problems a refused write carries. */
function rowsOf(write: () => unknown): unknown {
  try {
    write();
  } catch (error) {
    return (error as { details?: { rows?: unknown } }).details?.rows;
  }
  throw new Error('the write was not refused');
}

describe('export → import round trip', () => {
  for (const format of ['csv', 'xlsx'] as const) {
    it(`a ${format.toUpperCase()} export imported into another data folder gives identical totals`, async () => {
      const source = await world();
      addEntries(source.store, source.contoso, [
        { date: '2026-03-02', minutes: 45, note: 'Weekly sync, "platform"' },
        { date: '2026-03-02', minutes: 221, sku: 'TAM-ONSITE', category: 'onsite', startedAt: '2026-03-02T13:00:00Z', endedAt: '2026-03-02T16:41:00Z', timeZone: 'Europe/Paris' },
        { date: '2026-03-03', minutes: 7, sku: null, billable: false, category: 'admin', note: '=1+1 is not a formula' },
        { date: '2026-03-30', minutes: 95, startedAt: '2026-03-30T06:30:00Z', endedAt: '2026-03-30T08:05:00Z', timeZone: 'America/New_York', note: 'Call with the US team\nsecond line' },
      ]);
      addEntries(source.store, source.northwind, [{ date: '2026-03-04', minutes: 75, sku: 'NW-TAM', category: 'roadmap_review' }]);
      const exported = await exportTimeToBuffer(source.store, timeExportRequestSchema.parse({ from: '2026-03-01', to: '2026-03-31', format }));

      const target = await world();
      const result = await importTime(target.store, input(exported.fileName, exported.bytes));
      expect(result.imported).toBe(5);
      const totals = (store: Store) =>
        store.db
          .prepare(
            `SELECT a.name, t.sku, t.category, t.billable, sum(t.minutes) AS minutes, group_concat(t.note, '|') AS notes, group_concat(t.started_at, '|') AS starts
               FROM time_entries t JOIN accounts a ON a.id = t.account_id GROUP BY a.name, t.sku, t.category, t.billable ORDER BY a.name, t.sku, t.category`,
          )
          .all()
          .map((r) => ({ ...(r as Record<string, unknown>), starts: String((r as { starts: string | null }).starts ?? '').replace(/\.000Z/g, 'Z') }));
      expect(totals(target.store)).toEqual(totals(source.store));

      // Importing it back where it came from finds every entry already there.
      expect((await planTimeImport(source.store, input(exported.fileName, exported.bytes))).counts).toMatchObject({ ready: 0, duplicates: 5 });
    });
  }
});

describe('the time.import API', () => {
  it('previews and commits a base64 file; a file too large for one message is sent to the CLI', async () => {
    const { t, store } = await world();
    const contentBase64 = readFileSync(join(FIXTURES, 'clockify-detailed.csv')).toString('base64');
    const preview = await t.call('time.import.preview', { fileName: 'clockify.csv', contentBase64 });
    expect(preview.counts.errors).toBe(2);
    const refused = await t.core.dispatcher.dispatch('time.import.commit', { fileName: 'clockify.csv', contentBase64 });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.message).toMatch(/^2 of 6 rows have problems; nothing was imported\./);
    expect(entryCount(store)).toBe(0);

    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const lines = readFileSync(join(FIXTURES, 'clockify-detailed.csv'), 'utf8').split('\r\n');
    const fixed = lines.filter((_, i) => i !== 5 && i !== 6).join('\r\n');
    writeFileSync(join(dir.dir, 'fixed.csv'), fixed);
    const result = await t.call('time.import.commit', { fileName: 'fixed.csv', contentBase64: readFileSync(join(dir.dir, 'fixed.csv')).toString('base64') });
    expect(result).toMatchObject({ imported: 3, skippedDuplicates: 1 });

    const huge = await t.core.dispatcher.dispatch('time.import.preview', { fileName: 'big.csv', contentBase64: Buffer.alloc(800 * 1024).toString('base64') });
    expect(huge).toMatchObject({ ok: false, error: { message: 'The file is larger than 700 KB; import it with the command line: fieldbook time import FILE.' } });
  });
});

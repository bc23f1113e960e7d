import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { exportTimeToBuffer, exportTimeToFile, MAX_PDF_ENTRIES } from '../../core/io/timeExport';
import { markExported } from '../../core/io/timeExport/mark';
import { zonedClock, zonedIso } from '../../core/io/timeExport/zonedTime';
import { FieldbookError, timeExportRequestSchema } from '../../core/model';
import type { TimeExportRequest } from '../../core/model';
import type { Store } from '../../core/store/store';
import { tempDir } from './helpers';
import { addEntries, approveWeek, ME, pdfText, timeWorld } from './timeIoSeed';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()?.();
});

async function world() {
  const w = await timeWorld();
  cleanups.push(w.t.close);
  return w;
}

function request(over: Partial<Record<keyof TimeExportRequest, unknown>> = {}): TimeExportRequest {
  return timeExportRequestSchema.parse({ from: '2026-03-01', to: '2026-03-31', format: 'csv', ...over });
}

function csvRecords(bytes: Buffer): Array<Record<string, string>> {
  return parse(bytes, { columns: true, bom: true });
}

function statusOf(store: Store, id: string): string {
  return store.db.prepare<[string], { status: string }>('SELECT status FROM time_entries WHERE id = ?').get(id)?.status ?? '';
}

describe('CSV export of time entries', () => {
  it('reads back with csv-parse as exactly the entries: quotes, commas, line breaks, accents, formulas and times', async () => {
    const { store, contoso, northwind } = await world();
    const notes = ['Plain', 'Comma, "quotes" and\na line break', 'Überwald — café ☕', '=HYPERLINK("http://evil")', '-5 min for lunch'];
    const ids = addEntries(
      store,
      contoso,
      notes.map((note, i) => ({ date: `2026-03-0${i + 2}`, minutes: 50 + i, note, sku: i % 2 ? 'TAM-ONSITE' : 'TAM-REMOTE' })),
    );
    const [timed] = addEntries(store, northwind, [
      { date: '2026-03-30', minutes: 48, sku: 'NW-TAM', startedAt: '2026-03-30T07:00:00Z', endedAt: '2026-03-30T07:48:00Z', timeZone: 'Europe/Paris', billable: false, status: 'submitted' },
    ]);
    addEntries(store, contoso, [{ date: '2026-04-01', note: 'outside the period' }]);

    const { bytes, entries, fileName } = await exportTimeToBuffer(store, request());
    expect(entries).toBe(6);
    expect(fileName).toBe('time-2026-03-01-to-2026-03-31.csv');
    const text = bytes.toString('utf8');
    expect(text.charCodeAt(0)).not.toBe(0xfeff);
    // RFC 4180: every record ends with CRLF, including the last; the line break inside a note stays quoted.
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(8);

    const records = csvRecords(bytes);
    expect(records.map((r) => r['Entry ID'])).toEqual([...ids, timed]);
    expect(records[1]).toEqual({
      Date: '2026-03-03',
      Person: ME,
      Account: 'Contoso',
      Category: 'Remote',
      SKU: 'TAM-ONSITE',
      'SKU name': 'Onsite TAM hour',
      Billable: 'yes',
      Start: '',
      End: '',
      'Time zone': '',
      Hours: '0.85',
      'Duration (h:mm)': '0:51',
      Minutes: '51',
      Rate: '180.50',
      Currency: 'EUR',
      Status: 'approved',
      Note: 'Comma, "quotes" and\na line break',
      'Entry ID': ids[1],
      'Account ID': contoso,
    });
    expect(records[2]?.['Note']).toBe('Überwald — café ☕');
    // Formula-like text cannot run in Excel: it gets a leading apostrophe (the importer removes it).
    expect(records[3]?.['Note']).toBe(`'=HYPERLINK("http://evil")`);
    expect(records[4]?.['Note']).toBe(`'-5 min for lunch`);
    // A timed entry: start and end in the zone the work was done in, with its offset (Paris is UTC+2 after 29 March).
    expect(records[5]).toMatchObject({
      Account: 'Northwind Traders',
      Start: '2026-03-30T09:00:00+02:00',
      End: '2026-03-30T09:48:00+02:00',
      'Time zone': 'Europe/Paris',
      Billable: 'no',
      Rate: '120.00',
      Currency: 'USD',
      Status: 'submitted',
    });
  });

  it('rounds in the file only, writes a BOM for Excel when asked, and filters by person, account name and status', async () => {
    const { store, contoso, northwind } = await world();
    addEntries(store, contoso, [{ minutes: 7 }, { minutes: 16, status: 'draft' }, { minutes: 31, userId: 'sam@example.com' }]);
    addEntries(store, northwind, [{ minutes: 1, sku: 'NW-TAM' }]);

    const rounded = await exportTimeToBuffer(store, request({ rounding: '15', bom: true }));
    expect([...rounded.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records = csvRecords(rounded.bytes);
    expect(records.map((r) => [r['Minutes'], r['Duration (h:mm)'], r['Hours']])).toEqual([
      ['15', '0:15', '0.25'],
      ['30', '0:30', '0.50'],
      ['45', '0:45', '0.75'],
      ['15', '0:15', '0.25'],
    ]);
    // Stored time is untouched.
    expect(store.db.prepare('SELECT sum(minutes) AS m FROM time_entries').get()).toEqual({ m: 7 + 16 + 31 + 1 });

    const mine = csvRecords((await exportTimeToBuffer(store, request({ user: 'DANA@example.com' }))).bytes);
    expect(mine.map((r) => r['Person'])).toEqual([ME, ME, ME]);
    const contosoOnly = await exportTimeToBuffer(store, request({ account: 'contoso' }));
    expect(contosoOnly.fileName).toBe('time-2026-03-01-to-2026-03-31-contoso.csv');
    expect(csvRecords(contosoOnly.bytes).map((r) => r['Account'])).toEqual(['Contoso', 'Contoso', 'Contoso']);
    const drafts = csvRecords((await exportTimeToBuffer(store, request({ status: 'draft' }))).bytes);
    expect(drafts.map((r) => r['Minutes'])).toEqual(['16']);
  });

  it('says clearly when nothing matches or the account is unknown, and writes no file', async () => {
    const { store, contoso } = await world();
    addEntries(store, contoso, [{ date: '2026-02-27' }]);
    await expect(exportTimeToBuffer(store, request())).rejects.toThrow('No time entries match 2026-03-01 to 2026-03-31. Nothing was exported.');
    await expect(exportTimeToBuffer(store, request({ account: 'Globex' }))).rejects.toThrow('No account is named "Globex" or has that id.');
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    await expect(exportTimeToFile(store, request(), join(dir.dir, 'march.csv'))).rejects.toThrow(FieldbookError);
    expect(readdirSync(dir.dir)).toEqual([]);
  });
});

describe('XLSX export', () => {
  it('has a detail sheet with real date and number cells and a summary by account and SKU whose totals add up', async () => {
    const { store, contoso, northwind } = await world();
    addEntries(store, contoso, [
      { date: '2026-03-02', minutes: 90, sku: 'TAM-REMOTE' },
      { date: '2026-03-03', minutes: 221, sku: 'TAM-ONSITE', category: 'onsite', startedAt: '2026-03-03T07:30:00Z', endedAt: '2026-03-03T11:11:00Z', timeZone: 'Europe/Paris' },
      { date: '2026-03-04', minutes: 30, sku: 'TAM-REMOTE', billable: false },
      { date: '2026-03-05', minutes: 45, sku: null, billable: false, category: 'admin' },
    ]);
    addEntries(store, northwind, [{ date: '2026-03-06', minutes: 75, sku: 'NW-TAM' }]);

    const { bytes, entries } = await exportTimeToBuffer(store, request({ format: 'xlsx' }));
    expect(entries).toBe(5);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(['Entries', 'Summary']);

    const detail = workbook.getWorksheet('Entries');
    if (!detail) throw new Error('no Entries sheet');
    const header = (detail.getRow(1).values as unknown[]).slice(1);
    const col = (name: string) => header.indexOf(name) + 1;
    expect(detail.rowCount).toBe(6);
    const onsite = detail.getRow(3);
    expect(onsite.getCell(col('Date')).value).toEqual(new Date('2026-03-03T00:00:00Z'));
    expect(onsite.getCell(col('Date')).type).toBe(ExcelJS.ValueType.Date);
    // Local wall time in Paris (UTC+1 in early March), as Excel shows it.
    expect(onsite.getCell(col('Start')).value).toEqual(new Date('2026-03-03T08:30:00Z'));
    expect(onsite.getCell(col('Hours')).type).toBe(ExcelJS.ValueType.Number);
    expect(onsite.getCell(col('Hours')).value).toBeCloseTo(221 / 60, 10);
    expect(onsite.getCell(col('Hours')).numFmt).toBe('0.00');
    expect(onsite.getCell(col('Minutes')).value).toBe(221);
    expect(onsite.getCell(col('Rate')).value).toBe(180.5);
    expect(onsite.getCell(col('Duration (h:mm)')).numFmt).toBe('[h]:mm');
    const minutesColumn = Array.from({ length: 5 }, (_, i) => detail.getRow(i + 2).getCell(col('Minutes')).value as number);
    expect(minutesColumn.reduce((a, b) => a + b, 0)).toBe(90 + 221 + 30 + 45 + 75);

    const summary = workbook.getWorksheet('Summary');
    if (!summary) throw new Error('no Summary sheet');
    const rows = Array.from(summary.getSheetValues(), (r) => (Array.isArray(r) ? r.slice(1) : []));
    const line = (account: string, sku: string) => rows.find((r) => r[0] === account && r[1] === sku);
    // Contoso remote: 90 + 30 minutes, 90 billable, at €150.00/h → €225.00.
    expect(line('Contoso', 'TAM-REMOTE')).toEqual(['Contoso', 'TAM-REMOTE', 'Remote TAM hour', 'EUR', 150, 2, 1.5, 225]);
    // 221 minutes at €180.50/h: 664.8416… → €664.84.
    expect(line('Contoso', 'TAM-ONSITE')?.[7]).toBe(664.84);
    // Time without a SKU has no rate, so no amount: the cell stays empty.
    expect(line('Contoso', '(no SKU)')?.slice(5)).toEqual([0.75, 0]);
    expect(line('Northwind Traders', 'NW-TAM')?.slice(3, 8)).toEqual(['USD', 120, 1.25, 1.25, 150]);

    const total = rows.find((r) => r[0] === 'Total');
    expect(total?.[5]).toMatchObject({ formula: 'SUM(F8:F11)', result: (90 + 221 + 30 + 45 + 75) / 60 });
    expect(total?.[6]).toMatchObject({ result: (90 + 221 + 75) / 60 });
    const eur = rows.find((r) => r[0] === 'Total amount in EUR');
    expect(eur?.[7]).toMatchObject({ formula: 'SUMIF(D8:D11,"EUR",H8:H11)', result: 225 + 664.84 });
    expect(rows.find((r) => r[0] === 'Total amount in USD')?.[7]).toMatchObject({ result: 150 });
    const eurCell = summary.getRow(rows.indexOf(eur ?? [])).getCell(8);
    expect(eurCell.numFmt).toBe('#,##0.00 "EUR"');
  });
});

describe('PDF sign-off timesheet', () => {
  it('shows account, period, entries, totals per SKU, the approver and signature lines, with its fonts embedded', async () => {
    const { store, contoso, northwind } = await world();
    addEntries(store, contoso, [
      { date: '2026-03-02', minutes: 90, note: 'Upgrade planning with the Überwald team' },
      { date: '2026-03-03', minutes: 221, sku: 'TAM-ONSITE', category: 'onsite', startedAt: '2026-03-03T07:30:00Z', endedAt: '2026-03-03T11:11:00Z', timeZone: 'Europe/Paris' },
    ]);
    addEntries(store, northwind, [{ date: '2026-03-10', minutes: 75, sku: 'NW-TAM', status: 'submitted' }]);
    approveWeek(store, ME, '2026-W10', 'maria.manager@example.com', '2026-03-09T16:20:00Z');

    const { bytes, fileName } = await exportTimeToBuffer(store, request({ format: 'pdf', rounding: '15' }));
    expect(fileName).toBe('time-2026-03-01-to-2026-03-31.pdf');
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = bytes.toString('latin1');
    expect(raw).toContain('/FontFile2');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+DejaVuSans\b/);

    const pages = await pdfText(bytes);
    // One section per account, each on its own page.
    expect(pages).toHaveLength(2);
    const [contosoPage = '', northwindPage = ''] = pages;
    expect(contosoPage).toContain('Timesheet for customer sign-off');
    expect(contosoPage).toContain('Contoso');
    expect(contosoPage).toContain('1 March 2026 – 31 March 2026');
    expect(contosoPage).toContain('Upgrade planning with the Überwald team');
    expect(contosoPage).toContain('08:30–12:11');
    // Rounded up to 15 minutes per entry: 1:30 and 3:45, €225.00 + €676.88 = €901.88.
    expect(contosoPage).toMatch(/TAM-REMOTE Remote TAM hour 1:30 1:30 €150\.00 €225\.00/);
    expect(contosoPage).toMatch(/TAM-ONSITE Onsite TAM hour 3:45 3:45 €180\.50 €676\.88/);
    expect(contosoPage).toMatch(/Total 2 entries 5:15 5:15 €901\.88/);
    expect(contosoPage).toContain('approved by maria.manager@example.com on 2026-03-09');
    expect(contosoPage).toContain('For the customer (Contoso)');
    expect(contosoPage.match(/Signature/g)).toHaveLength(2);
    expect(contosoPage).toContain('Page 1 of 2');
    expect(northwindPage).toMatch(/Total 1 entry 1:15 1:15 \$150\.00/);
    expect(northwindPage).toContain('1 entry is not approved yet');
    expect(northwindPage).toContain('Page 2 of 2');
  });

  it('paginates a long month: the table header and the footer repeat on every page', async () => {
    const { store, contoso } = await world();
    const entries = Array.from({ length: 150 }, (_, i) => ({ date: `2026-03-${String((i % 31) + 1).padStart(2, '0')}`, minutes: 15 + (i % 4) * 15, note: `Task ${i}` }));
    addEntries(store, contoso, entries);
    const pages = await pdfText((await exportTimeToBuffer(store, request({ format: 'pdf' }))).bytes);
    expect(pages.length).toBeGreaterThan(3);
    pages.forEach((page, i) => {
      expect(page).toContain(`Page ${i + 1} of ${pages.length}`);
      expect(page).toContain('Contoso · 1 March 2026 – 31 March 2026');
    });
    pages.slice(0, -2).forEach((page) => expect(page).toMatch(/Date Person Category SKU Time Hours Note/));
    const all = pages.join(' ');
    for (let i = 0; i < 150; i += 1) expect(all).toContain(`Task ${i} `);
    const total = entries.reduce((sum, e) => sum + e.minutes, 0);
    expect(all).toContain(`Total 150 entries ${Math.floor(total / 60)}:${String(total % 60).padStart(2, '0')}`);
  });

  it('refuses a sign-off sheet too long for a person to read (10,000 entries), pointing to CSV or XLSX', async () => {
    expect(MAX_PDF_ENTRIES).toBe(10_000);
    const { store, contoso } = await world();
    addEntries(store, contoso, Array.from({ length: 1001 }, () => ({ minutes: 1 })));
    await expect(exportTimeToBuffer(store, request({ format: 'pdf' }), { maxPdfEntries: 1000 })).rejects.toThrow(
      'A sign-off timesheet holds at most 1,000 entries; this selection has 1,001. Choose a shorter period or one account, or export CSV or XLSX.',
    );
    expect((await exportTimeToBuffer(store, request({ format: 'csv' }), { maxPdfEntries: 1000 })).entries).toBe(1001);
  });
});

describe('marking exported time', () => {
  it('marks approved entries as exported through the synced write path, in one transaction; exported ones stay', async () => {
    const { store, contoso } = await world();
    const [a, b] = addEntries(store, contoso, [{ status: 'approved' }, { status: 'approved', date: '2026-03-09' }]);
    const [earlier] = addEntries(store, contoso, [{ status: 'exported', date: '2026-03-10' }]);
    const outboxBefore = store.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM outbox').get()?.n ?? 0;
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const path = join(dir.dir, 'march.xlsx');
    const outcome = await exportTimeToFile(store, request({ format: 'xlsx', markExported: true }), path);
    expect(outcome).toMatchObject({ entries: 3, markedExported: 2 });
    expect([a, b, earlier].map((id) => statusOf(store, id ?? ''))).toEqual(['exported', 'exported', 'exported']);
    // Each change waits in the outbox to sync, as the status field with its own clock.
    const sent = store.db
      .prepare<[number], { row_id: string; fields: string }>('SELECT row_id, fields FROM outbox WHERE seq > ? ORDER BY seq')
      .all(outboxBefore)
      .map((r) => [r.row_id, Object.keys(JSON.parse(r.fields) as object), (JSON.parse(r.fields) as { status: { value: string } }).status.value]);
    expect(sent).toEqual([
      [a, ['status'], 'exported'],
      [b, ['status'], 'exported'],
    ]);
    // The file shows the entries as what they now are.
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(readFileSync(path) as unknown as ArrayBuffer);
    const statusColumn = (workbook.getWorksheet('Entries')?.getRow(1).values as unknown[]).indexOf('Status');
    expect([2, 3, 4].map((r) => workbook.getWorksheet('Entries')?.getRow(r).getCell(statusColumn).value)).toEqual(['exported', 'exported', 'exported']);
  });

  it('refuses when any selected entry is not approved: no file, nothing marked', async () => {
    const { store, contoso } = await world();
    const ids = addEntries(store, contoso, [{ status: 'approved' }, { status: 'submitted' }, { status: 'draft' }, { status: 'draft' }]);
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const path = join(dir.dir, 'march.csv');
    await expect(exportTimeToFile(store, request({ markExported: true }), path)).rejects.toThrow(
      'Only approved time can be marked as exported, and 3 of the 4 selected entries are not approved yet (2 draft, 1 submitted).',
    );
    expect(existsSync(path)).toBe(false);
    expect(readdirSync(dir.dir)).toEqual([]);
    expect(ids.map((id) => statusOf(store, id))).toEqual(['approved', 'submitted', 'draft', 'draft']);
    // Exporting only the approved time works.
    const outcome = await exportTimeToFile(store, request({ markExported: true, status: 'approved' }), path);
    expect(outcome.markedExported).toBe(1);
  });

  it('marks nothing if an entry changed after the export read it', async () => {
    const { store, contoso } = await world();
    const [a, b] = addEntries(store, contoso, [{ status: 'approved' }, { status: 'approved' }]);
    const refs = [
      { id: a ?? '', updatedAt: store.db.prepare<[string], { u: string }>('SELECT updated_at AS u FROM time_entries WHERE id = ?').get(a ?? '')?.u ?? '' },
      { id: b ?? '', updatedAt: '2000-01-01T00:00:00.000Z' },
    ];
    expect(() => markExported(store, refs)).toThrow('1 of the 2 exported entries changed while the export ran, so nothing was marked as exported. Export again.');
    expect([statusOf(store, a ?? ''), statusOf(store, b ?? '')]).toEqual(['approved', 'approved']);
  });
});

describe('the timesheet.export API', () => {
  it('returns the file as base64 with a name and type, and explains bad input next to the field', async () => {
    const { t, store, contoso } = await world();
    addEntries(store, contoso, [{ minutes: 90 }]);
    const file = await t.call('timesheet.export', { from: '2026-03-01', to: '2026-03-31', format: 'csv' });
    expect(file).toMatchObject({ fileName: 'time-2026-03-01-to-2026-03-31.csv', mimeType: 'text/csv;charset=utf-8', entries: 1, markedExported: 0 });
    expect(csvRecords(Buffer.from(file.contentBase64, 'base64'))[0]?.['Duration (h:mm)']).toBe('1:30');

    const bad = await t.core.dispatcher.dispatch('timesheet.export', { from: '2026-02-30', to: '2026-01-01', format: 'doc' });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid', details: { fields: { from: 'The start date must be a date written YYYY-MM-DD.', format: 'The format is csv, xlsx or pdf.' } } },
    });
    const backwards = await t.core.dispatcher.dispatch('timesheet.export', { from: '2026-03-31', to: '2026-03-01', format: 'csv' });
    expect(backwards).toMatchObject({ ok: false, error: { message: 'The end date must be on or after the start date.' } });
  });
});

describe('times in the zone where the work was done', () => {
  it('writes ISO 8601 with that zone’s offset, across daylight saving time, and UTC when the zone is unknown', () => {
    expect(zonedIso('2026-03-28T08:00:00Z', 'Europe/Paris')).toBe('2026-03-28T09:00:00+01:00');
    expect(zonedIso('2026-03-30T07:00:00Z', 'Europe/Paris')).toBe('2026-03-30T09:00:00+02:00');
    expect(zonedIso('2026-03-30T07:00:00Z', 'Asia/Kolkata')).toBe('2026-03-30T12:30:00+05:30');
    expect(zonedIso('2026-03-30T23:30:00Z', 'America/New_York')).toBe('2026-03-30T19:30:00-04:00');
    expect(zonedIso('2026-03-30T07:00:00Z', null)).toBe('2026-03-30T07:00:00Z');
    expect(zonedIso('2026-03-30T07:00:00Z', 'Mars/Olympus')).toBe('2026-03-30T07:00:00Z');
    expect(zonedIso('2026-01-15T10:00:00Z', 'Europe/London')).toBe('2026-01-15T10:00:00+00:00');
    expect(zonedClock('2026-03-29T23:05:00Z', 'Europe/London')).toBe('00:05');
  });
});

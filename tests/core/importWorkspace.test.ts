import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ImportPreview } from '../../core/model';
import { IMPORT_CHUNK_BYTES } from '../../core/model';
import { tempDir, testCore } from './helpers';
import type { TypedCall } from './helpers';

const fixture = (name: string) => readFileSync(`tests/fixtures/import/${name}`);

async function upload(call: TypedCall, fileName: string, data: Buffer): Promise<string> {
  const { uploadId } = await call('import.begin', { fileName, size: data.length });
  for (let offset = 0; offset < data.length; offset += IMPORT_CHUNK_BYTES) {
    await call('import.chunk', { uploadId, offset, data: data.subarray(offset, offset + IMPORT_CHUNK_BYTES).toString('base64') });
  }
  return uploadId;
}

const issues = (p: ImportPreview) => p.rows.flatMap((r) => r.issues.map((i) => [i.row, i.column, i.message]));
const actions = (p: ImportPreview) => p.rows.map((r) => [r.row, r.action]);
type Core = Awaited<ReturnType<typeof testCore>>;
const count = (t: Core, table: string) => (t.core.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** An XLSX file on disk, written with exceljs the way a spreadsheet app saves one. */
async function workbook(rows: unknown[][]): Promise<Buffer> {
  const { dir, cleanup } = tempDir();
  cleanups.push(cleanup);
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('Sheet1');
  for (const row of rows) sheet.addRow(row);
  const path = join(dir, 'file.xlsx');
  writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
  return readFileSync(path);
}

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.reverse()) c();
  cleanups = [];
});

async function start() {
  const t = await testCore();
  cleanups.push(t.close);
  const acme = await t.call('accounts.create', { name: 'Acme Corp' });
  const globex = await t.call('accounts.create', { name: 'Globex' });
  return { t, acme, globex };
}

describe('importing contacts', () => {
  it('previews per-row problems in plain words and writes nothing', async () => {
    const { t } = await start();
    const before = count(t, 'outbox');
    const uploadId = await upload(t.call, 'contacts.csv', fixture('contacts.csv'));
    const preview = await t.call('import.preview', { uploadId, type: 'contacts' });
    expect(preview.mapping).toEqual({ Company: 'account', 'Contact Name': 'name', 'E-mail': 'email', Phone: 'phone', Role: 'title', Notes: 'notes' });
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toEqual({ rows: 8, create: 3, update: 0, unchanged: 0, error: 5 });
    expect(issues(preview)).toEqual([
      [5, 'Company', 'No account is named "Initech". Import or create the account first.'],
      [6, 'E-mail', 'Enter an email address like name@example.com.'],
      [7, 'Phone', 'Phone numbers use digits, spaces and + ( ) - . only.'],
      [8, 'Contact Name', 'Name is required for a new contact.'],
      [9, null, 'Row 2 already imports this contact; only the first row for it is imported.'],
    ]);
    expect(count(t, 'contacts')).toBe(0);
    expect(count(t, 'outbox')).toBe(before);
  });

  it('commits in one go; re-importing the same file duplicates nothing; a changed row updates the contact it matches', async () => {
    const { t, acme, globex } = await start();
    const first = await upload(t.call, 'contacts.csv', fixture('contacts.csv'));
    const { mapping } = await t.call('import.preview', { uploadId: first, type: 'contacts' });
    expect(await t.call('import.commit', { uploadId: first, type: 'contacts', mapping })).toMatchObject({ created: 3, updated: 0, skipped: 5 });
    const acmeContacts = await t.call('contacts.list', { accountId: acme.id });
    expect(acmeContacts.map((c) => [c.name, c.email, c.phone, c.title, c.notes])).toEqual([
      ['Ines Ortega', 'ines@acme.example', '+1 555 0100', 'CTO', 'Owns the platform budget'],
      ['Raj Patel', 'raj@acme.example', '', 'Platform lead', ''],
    ]);
    expect((await t.call('contacts.list', { accountId: globex.id }))[0]).toMatchObject({ name: 'Lee Chen', notes: 'Prefers email,\nnot calls' });
    // Imported contacts are searchable at once.
    expect((await t.call('search.query', { text: 'platform budget' })).map((h) => h.title)).toEqual(['Ines Ortega']);

    const again = await upload(t.call, 'contacts.csv', fixture('contacts.csv'));
    const preview = await t.call('import.preview', { uploadId: again, type: 'contacts' });
    expect(preview.counts).toMatchObject({ create: 0, update: 0, unchanged: 3 });
    expect(await t.call('import.commit', { uploadId: again, type: 'contacts', mapping })).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(count(t, 'contacts')).toBe(3);

    // By email (any case) the name may change; by name, empty cells leave fields alone.
    const edits = 'Account,Name,Email,Title\nACME CORP,Ines Ortega-Diaz,INES@ACME.EXAMPLE,\nGlobex,lee chen,,CIO\n';
    const edit = await upload(t.call, 'edits.csv', Buffer.from(edits));
    const editPreview = await t.call('import.preview', { uploadId: edit, type: 'contacts' });
    expect(editPreview.rows.map((r) => [r.action, r.match, r.changes])).toEqual([
      ['update', 'Ines Ortega (Acme Corp)', ['name']],
      ['update', 'Lee Chen (Globex)', ['title']],
    ]);
    await t.call('import.commit', { uploadId: edit, type: 'contacts', mapping: editPreview.mapping });
    expect((await t.call('contacts.list', { accountId: acme.id }))[0]).toMatchObject({ name: 'Ines Ortega-Diaz', email: 'ines@acme.example', title: 'CTO' });
    expect((await t.call('contacts.list', { accountId: globex.id }))[0]).toMatchObject({ name: 'Lee Chen', title: 'CIO' });
    expect(count(t, 'contacts')).toBe(3);
  });

  it('reads an XLSX workbook and takes the account by its Fieldbook id', async () => {
    const { t, globex } = await start();
    const data = await workbook([
      ['Account', 'Name', 'Email', 'Job title'],
      [globex.id, 'Hank Scorpio', 'hank@globex.example', 'CEO'],
      ['018f0000-0000-7000-8000-000000000000', 'Nobody', '', ''],
    ]);
    const uploadId = await upload(t.call, 'contacts.xlsx', data);
    const preview = await t.call('import.preview', { uploadId, type: 'contacts' });
    expect(preview.mapping).toEqual({ Account: 'account', Name: 'name', Email: 'email', 'Job title': 'title' });
    expect(issues(preview)).toEqual([[3, 'Account', 'No account with this Fieldbook id is on this device (it may have been deleted).']]);
    await t.call('import.commit', { uploadId, type: 'contacts', mapping: preview.mapping });
    expect((await t.call('contacts.list', { accountId: globex.id })).map((c) => [c.name, c.title])).toEqual([['Hank Scorpio', 'CEO']]);
  });
});

describe('importing adoption', () => {
  it('previews per-row problems: unknown account or capability, bad status, bad date, blocked without blockers', async () => {
    const { t } = await start();
    const uploadId = await upload(t.call, 'adoption.csv', fixture('adoption.csv'));
    const preview = await t.call('import.preview', { uploadId, type: 'adoption' });
    expect(preview.mapping).toEqual({ Account: 'account', Capability: 'capability', Status: 'status', Note: 'note', Blockers: 'blockers', Date: 'on' });
    expect(actions(preview)).toEqual([
      [2, 'create'],
      [3, 'update'],
      [4, 'create'],
      [5, 'error'],
      [6, 'error'],
      [7, 'error'],
      [8, 'error'],
      [9, 'error'],
    ]);
    expect(issues(preview)).toEqual([
      [5, 'Capability', expect.stringMatching(/^"Teleportation" is not in the capability catalog\. Use one of: Single sign-on/) as unknown],
      [6, 'Account', 'No account is named "Initech". Import or create the account first.'],
      [7, 'Status', '"Done" is not an adoption status. Use one of: Not started, Evaluating, Piloting, Adopted, Blocked.'],
      [8, 'Date', '"03/04/2026": Dates are written YYYY-MM-DD.'],
      [9, 'Status', 'Say what blocks it: a blocked capability needs its blockers (map a Blockers column).'],
    ]);
    expect(preview.rows[1]).toMatchObject({ match: 'Kubernetes operator at Acme Corp', changes: ['status', 'note'] });
    expect(count(t, 'adoption')).toBe(0);
    expect(count(t, 'adoption_notes')).toBe(0);
  });

  it('sets statuses with dated notes in one go; re-importing neither duplicates notes nor rolls a status back', async () => {
    const { t, acme, globex } = await start();
    const events: string[][] = [];
    t.core.events.subscribe((frame) => {
      if (frame.name === 'data.changed') events.push((frame.payload as { tables: string[] }).tables);
    });
    const first = await upload(t.call, 'adoption.csv', fixture('adoption.csv'));
    const { mapping } = await t.call('import.preview', { uploadId: first, type: 'adoption' });
    expect(await t.call('import.commit', { uploadId: first, type: 'adoption', mapping })).toMatchObject({ created: 2, updated: 1, skipped: 5 });
    expect(events).toHaveLength(1);
    const k8s = (await t.call('adoption.get', { accountId: acme.id })).entries.find((e) => e.capability.code === 'k8s-operator');
    expect(k8s).toMatchObject({ status: 'adopted', since: '2026-03-01' });
    expect(k8s?.notes.map((n) => [n.on, n.status, n.text])).toEqual([
      ['2026-03-01', 'adopted', 'Live in production'],
      ['2026-01-10', 'piloting', 'Two clusters in staging'],
    ]);
    expect((await t.call('adoption.get', { accountId: globex.id })).entries.find((e) => e.capability.code === 'sso')).toMatchObject({
      status: 'blocked',
      blockers: 'Waiting on their IdP team',
    });
    const notes = count(t, 'adoption_notes');

    const again = await upload(t.call, 'adoption.csv', fixture('adoption.csv'));
    const preview = await t.call('import.preview', { uploadId: again, type: 'adoption' });
    expect(preview.counts).toMatchObject({ create: 0, update: 0, unchanged: 3, error: 5 });
    await t.call('import.commit', { uploadId: again, type: 'adoption', mapping });
    expect(count(t, 'adoption_notes')).toBe(notes);
    expect((await t.call('adoption.get', { accountId: acme.id })).entries.find((e) => e.capability.code === 'k8s-operator')?.status).toBe('adopted');
  });

  it('reads an XLSX workbook with date cells; a new note on a known status is added once', async () => {
    const { t, acme } = await start();
    const data = await workbook([
      ['Customer', 'Feature', 'Adoption status', 'Comments', 'As of'],
      ['Acme Corp', 'Autoscaling', 'Evaluating', 'Load tests booked', new Date(Date.UTC(2026, 1, 3))],
      ['Acme Corp', 'autoscaling', 'Evaluating', 'Load tests passed', new Date(Date.UTC(2026, 1, 20))],
    ]);
    for (let pass = 0; pass < 2; pass++) {
      const uploadId = await upload(t.call, 'adoption.xlsx', data);
      const preview = await t.call('import.preview', { uploadId, type: 'adoption' });
      expect(preview.problems).toEqual([]);
      expect(actions(preview)).toEqual(pass === 0 ? [[2, 'create'], [3, 'update']] : [[2, 'unchanged'], [3, 'unchanged']]);
      await t.call('import.commit', { uploadId, type: 'adoption', mapping: preview.mapping });
    }
    const entry = (await t.call('adoption.get', { accountId: acme.id })).entries.find((e) => e.capability.code === 'autoscaling');
    expect(entry).toMatchObject({ status: 'evaluating', since: '2026-02-03' });
    expect(entry?.notes.map((n) => [n.on, n.text])).toEqual([
      ['2026-02-20', 'Load tests passed'],
      ['2026-02-03', 'Load tests booked'],
    ]);
  });
});

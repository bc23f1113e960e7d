import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ImportService } from '../../core/io/import/service';
import { ACCOUNTS_IMPORT } from '../../core/io/import/accounts';
import type { ImportTarget } from '../../core/io/import/target';
import type { Account, ImportPreview } from '../../core/model';
import { IMPORT_CHUNK_BYTES } from '../../core/model';
import { testCore } from './helpers';
import type { TypedCall } from './helpers';

const fixture = (name: string) => readFileSync(`tests/fixtures/import/${name}`);

/** Uploads a file the way the dialog and the CLI do: begin, then base64 pieces. */
async function upload(call: TypedCall, fileName: string, data: Buffer): Promise<string> {
  const { uploadId } = await call('import.begin', { fileName, size: data.length });
  for (let offset = 0; offset < data.length; offset += IMPORT_CHUNK_BYTES) {
    await call('import.chunk', { uploadId, offset, data: data.subarray(offset, offset + IMPORT_CHUNK_BYTES).toString('base64') });
  }
  return uploadId;
}

const issues = (p: ImportPreview) => p.rows.flatMap((r) => r.issues.map((i) => [i.row, i.column, i.message]));
const names = async (call: TypedCall) => (await call('accounts.list', {})).map((a: Account) => a.name);
const count = (t: Awaited<ReturnType<typeof testCore>>, table: string) => (t.core.store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('importing accounts from a spreadsheet', () => {
  let close: () => void = () => {};
  afterEach(() => close());
  const start = async () => {
    const t = await testCore();
    close = t.close;
    return t;
  };

  it('previews a CSV with a guessed mapping and per-row problems in plain words, writing nothing', async () => {
    const t = await start();
    const uploadId = await upload(t.call, 'accounts.csv', fixture('accounts.csv'));
    const preview = await t.call('import.preview', { uploadId, type: 'accounts' });
    expect(preview.mapping).toEqual({
      'Account Name': 'name',
      'Support Level': 'tier',
      Segment: 'segment',
      Region: 'residency',
      Clearance: 'clearance',
      Stage: 'stage',
      Health: 'health',
      Notes: 'notes',
    });
    expect(preview.problems).toEqual([]);
    expect(preview.counts).toEqual({ rows: 7, create: 3, update: 0, unchanged: 0, error: 4 });
    expect(issues(preview)).toEqual([
      [4, 'Support Level', '"Gold" is not a known support tier. Use one of: Standard, Premium, Premier.'],
      [5, 'Region', expect.stringMatching(/^"mars" is not a known residency\. Use one of: Global \(unrestricted\), United States/) as unknown],
      [5, 'Health', '"purple" is not a health. Use green, amber or red.'],
      [6, 'Account Name', 'Name is required for a new account.'],
      [7, null, 'Row 2 already imports this account; only the first row for it is imported.'],
    ]);
    // The quoted line break stays inside its row: the next row is still numbered as a spreadsheet shows it.
    expect(preview.rows.at(-1)).toMatchObject({ row: 8, action: 'create', values: { name: 'Woodgrove Bank', clearance: 'none' } });
    expect(preview.columns.find((c) => c.name === 'Support Level')?.samples).toEqual(['Premier', 'premium', 'Gold']);

    expect(await names(t.call)).toEqual([]);
    expect(count(t, 'outbox')).toBe(0);
    expect(count(t, 'search_docs')).toBe(0);
  });

  it('commits the valid rows in one go, with catalog codes taken by code or label; a re-import duplicates nothing', async () => {
    const t = await start();
    const events: string[][] = [];
    t.core.events.subscribe((frame) => {
      if (frame.name === 'data.changed') events.push((frame.payload as { tables: string[] }).tables);
    });
    const first = await upload(t.call, 'accounts.csv', fixture('accounts.csv'));
    const { mapping } = await t.call('import.preview', { uploadId: first, type: 'accounts' });
    const result = await t.call('import.commit', { uploadId: first, type: 'accounts', mapping });
    expect(result).toMatchObject({ created: 3, updated: 0, unchanged: 0, skipped: 4 });
    expect(result.issues).toHaveLength(5);
    expect(events).toEqual([['accounts']]);

    const accounts = await t.call('accounts.list', {});
    expect(accounts.map((a) => a.name)).toEqual(['Contoso Federal', 'Northwind Traders', 'Woodgrove Bank']);
    expect(accounts[0]).toMatchObject({ tier: 'premium', segment: 'federal', residency: 'us', clearance: 'us-secret', stage: 'onboarding', health: 'amber' });
    expect(accounts[2]).toMatchObject({ tier: 'premier', segment: 'public_sector', residency: 'eu', clearance: null, stage: 'expansion_renewal', health: 'red' });
    expect(accounts[2]?.notes).toBe('Escalation: "P1" outage in the payments cluster,\nfollow-up review booked');
    // Imported records are searchable at once: they went through the one write path.
    expect((await t.call('search.query', { text: 'kubernetes' })).map((h) => h.title)).toEqual(['Northwind Traders']);

    const again = await upload(t.call, 'accounts.csv', fixture('accounts.csv'));
    const preview = await t.call('import.preview', { uploadId: again, type: 'accounts' });
    expect(preview.counts).toEqual({ rows: 7, create: 0, update: 0, unchanged: 3, error: 4 });
    expect(preview.rows.find((r) => r.row === 2)).toMatchObject({ action: 'unchanged', match: 'Northwind Traders' });
    expect(await t.call('import.commit', { uploadId: again, type: 'accounts', mapping })).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    expect(await names(t.call)).toEqual(['Contoso Federal', 'Northwind Traders', 'Woodgrove Bank']);
    expect(events).toEqual([['accounts']]);
  });

  it('updates only what changed, matching names without case or extra spaces; empty cells leave fields alone', async () => {
    const t = await start();
    const acme = await t.call('accounts.create', { name: 'Acme Corp', tier: 'premier', notes: 'keep me', health: 'amber' });
    const csv = 'Name,Tier,Health,Notes\n"  ACME   corp ",Premier,Red,\nNew One,,,\n';
    const uploadId = await upload(t.call, 'a.csv', Buffer.from(csv));
    const preview = await t.call('import.preview', { uploadId, type: 'accounts' });
    expect(preview.rows.map((r) => [r.action, r.match, r.changes])).toEqual([
      ['update', 'Acme Corp', ['health']],
      ['create', null, []],
    ]);
    await t.call('import.commit', { uploadId, type: 'accounts', mapping: preview.mapping });
    expect(await t.call('accounts.get', { id: acme.id })).toMatchObject({ name: 'Acme Corp', tier: 'premier', health: 'red', notes: 'keep me' });
    expect(await t.call('accounts.list', {})).toHaveLength(2);
  });

  it('matches on a Fieldbook id column when there is one (a rename), and refuses ids it does not know', async () => {
    const t = await start();
    const acme = await t.call('accounts.create', { name: 'Acme' });
    const csv = `Fieldbook id,Name\n${acme.id},Acme Renamed\n0193a1b2-0000-7000-8000-000000000000,Ghost\nSF-001,Salesforce Id\n`;
    const uploadId = await upload(t.call, 'ids.csv', Buffer.from(csv));
    const preview = await t.call('import.preview', { uploadId, type: 'accounts' });
    expect(preview.mapping).toEqual({ 'Fieldbook id': 'id', Name: 'name' });
    expect(preview.rows.map((r) => [r.action, r.changes])).toEqual([
      ['update', ['name']],
      ['error', []],
      ['error', []],
    ]);
    expect(issues(preview).map((i) => i[2])).toEqual([
      'No account with this Fieldbook id is on this device (it may have been deleted).',
      `"SF-001" is not a Fieldbook account id. If the column holds another system's ids, do not import it.`,
    ]);
    await t.call('import.commit', { uploadId, type: 'accounts', mapping: preview.mapping });
    expect(await names(t.call)).toEqual(['Acme Renamed']);
  });

  it('will not guess between two accounts of the same name', async () => {
    const t = await start();
    await t.call('accounts.create', { name: 'Twin' });
    await t.call('accounts.create', { name: 'twin' });
    const uploadId = await upload(t.call, 'twin.csv', Buffer.from('Name,Notes\nTwin,which one?\n'));
    const preview = await t.call('import.preview', { uploadId, type: 'accounts' });
    expect(issues(preview)).toEqual([[2, 'Name', '2 accounts are already named "Twin". Add a Fieldbook id column to say which one this row updates.']]);
  });

  it('reads an XLSX workbook: the first sheet with rows, formulas by result, rich text and links as text', async () => {
    const t = await start();
    const uploadId = await upload(t.call, 'accounts.xlsx', fixture('accounts.xlsx'));
    const preview = await t.call('import.preview', { uploadId, type: 'accounts' });
    expect(preview).toMatchObject({ format: 'xlsx', sheet: 'Customers' });
    expect(preview.mapping).toEqual({ Customer: 'name', Tier: 'tier', Residency: 'residency', Health: 'health', Comments: 'notes', Owner: null });
    expect(preview.rows.map((r) => [r.row, r.action, r.values['name'], r.values['notes']])).toEqual([
      [2, 'create', 'Adventure Works', 'Rich text note about telemetry'],
      [3, 'create', 'Litware Inc', 'Quarterly business review in May'],
      [5, 'error', 'Proseware', 'Unknown tier on purpose'],
      [6, 'create', 'Lucerne Publishing', 'ticket link'],
    ]);
    expect(issues(preview)).toEqual([[5, 'Tier', '"Platinum" is not a known support tier. Use one of: Standard, Premium, Premier.']]);
    expect(await t.call('import.commit', { uploadId, type: 'accounts', mapping: preview.mapping })).toMatchObject({ created: 3, skipped: 1 });
    expect((await t.call('accounts.list', {})).find((a) => a.name === 'Lucerne Publishing')).toMatchObject({ residency: 'sg', tier: 'premium', health: 'red' });
  });

  it('reads a semicolon CSV saved by an older Excel (Windows-1252), with a mapping the user chose', async () => {
    const t = await start();
    const uploadId = await upload(t.call, 'accounts-semicolon-1252.csv', fixture('accounts-semicolon-1252.csv'));
    const guessed = await t.call('import.preview', { uploadId, type: 'accounts' });
    expect(guessed.columns.map((c) => c.name)).toEqual(['Nom', 'Niveau', 'Notes']);
    expect(guessed.problems).toEqual(['No column is mapped to Name. Choose the column that holds it.']);
    expect(guessed.rows).toEqual([]);
    await expect(t.call('import.commit', { uploadId, type: 'accounts', mapping: guessed.mapping })).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/^Nothing was imported\. No column is mapped to Name/) as unknown });
    const mapping = { Nom: 'name', Niveau: 'tier', Notes: 'notes' };
    const preview = await t.call('import.preview', { uploadId, type: 'accounts', mapping });
    expect(preview.rows.map((r) => r.values['name'])).toEqual(['Société Générale Test', 'Müller Logistik']);
    await t.call('import.commit', { uploadId, type: 'accounts', mapping });
    expect((await t.call('search.query', { text: 'reunion' })).map((h) => h.title)).toEqual(['Société Générale Test']);
  });

  it('says what is wrong with a mapping as a whole', async () => {
    const t = await start();
    const uploadId = await upload(t.call, 'm.csv', Buffer.from('Name,Customer,Tier\nA,B,premier\n'));
    expect((await t.call('import.preview', { uploadId, type: 'accounts', mapping: { Name: 'name', Customer: 'name', Tier: 'tierr', Nope: 'notes' } })).problems).toEqual([
      '"tierr" is not a field of accounts. The fields are: name, tier, segment, residency, clearance, stage, health, notes, id.',
      'The file has no column "Nope". Its columns are: Name, Customer, Tier.',
      '"Name" and "Customer" are all mapped to Name. Map only one of them.',
    ]);
    await expect(t.call('import.preview', { uploadId, type: 'invoices' })).rejects.toMatchObject({ code: 'invalid', message: 'Fieldbook cannot import "invoices". It can import: accounts, contacts, adoption.' });
  });

  it('refuses files it cannot read, with a reason and what to do', async () => {
    const t = await start();
    const attempt = async (fileName: string, data: Buffer) => {
      const uploadId = await upload(t.call, fileName, data);
      return t.call('import.preview', { uploadId, type: 'accounts' });
    };
    await expect(attempt('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]))).rejects.toMatchObject({ message: expect.stringMatching(/old-style Excel file \(\.xls\)\. Save it as \.xlsx or \.csv/) as unknown });
    await expect(attempt('fake.xlsx', Buffer.from('not a workbook'))).rejects.toMatchObject({ message: expect.stringMatching(/named \.xlsx but is not an Excel workbook/) as unknown });
    await expect(attempt('broken.xlsx', Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 7)]))).rejects.toMatchObject({ message: expect.stringMatching(/could not be read as an Excel workbook/) as unknown });
    await expect(attempt('photo.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0]))).rejects.toMatchObject({ message: 'This file is not a CSV or XLSX spreadsheet.' });
    await expect(attempt('quotes.csv', Buffer.from('Name,Notes\nA,"never closed\n'))).rejects.toMatchObject({ code: 'invalid', message: expect.stringMatching(/^The file could not be read as CSV: .*Check its quotes/) as unknown });
    await expect(attempt('blank.csv', Buffer.from('\n \n'))).rejects.toMatchObject({ message: expect.stringMatching(/The file is empty/) as unknown });
    expect((await attempt('header.csv', Buffer.from('Name,Notes\n'))).counts).toEqual({ rows: 0, create: 0, update: 0, unchanged: 0, error: 0 });
    await expect(t.call('import.begin', { fileName: 'e.csv', size: 0 })).rejects.toMatchObject({ message: 'The file is empty.' });
    await expect(t.call('import.begin', { fileName: 'huge.csv', size: 100 * 1024 * 1024 })).rejects.toMatchObject({ message: expect.stringMatching(/larger than 25 MB/) as unknown });
  });

  it('takes the file in pieces: a repeated piece is fine, a gap or an overflow is refused, an unknown upload is gone', async () => {
    const t = await start();
    const data = Buffer.from('Name\nPieces Ltd\n');
    const { uploadId } = await t.call('import.begin', { fileName: 'p.csv', size: data.length });
    await t.call('import.chunk', { uploadId, offset: 0, data: data.subarray(0, 5).toString('base64') });
    await expect(t.call('import.preview', { uploadId, type: 'accounts' })).rejects.toMatchObject({ message: 'The file has not arrived completely. Choose the file again.' });
    await expect(t.call('import.chunk', { uploadId, offset: 9, data: data.subarray(9).toString('base64') })).rejects.toMatchObject({ message: 'A piece of the file is missing. Choose the file again.' });
    await t.call('import.chunk', { uploadId, offset: 0, data: data.subarray(0, 5).toString('base64') });
    await t.call('import.chunk', { uploadId, offset: 5, data: data.subarray(5).toString('base64') });
    await expect(t.call('import.chunk', { uploadId, offset: 5, data: Buffer.alloc(100).toString('base64') })).rejects.toMatchObject({ message: 'The file is larger than announced. Choose the file again.' });
    expect((await t.call('import.preview', { uploadId, type: 'accounts' })).rows[0]?.values).toEqual({ name: 'Pieces Ltd' });
    await expect(t.call('import.preview', { uploadId: 'unknownupload123', type: 'accounts' })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('writes all or nothing: a failure in the middle leaves no row behind', async () => {
    const t = await start();
    let writes = 0;
    const failing: ImportTarget = {
      ...ACCOUNTS_IMPORT,
      begin: (services) => {
        const run = ACCOUNTS_IMPORT.begin(services);
        return {
          plan: (cells) => {
            const plan = run.plan(cells);
            if (plan.action !== 'create') return plan;
            return {
              ...plan,
              apply: () => {
                writes += 1;
                if (writes === 3) throw new Error('disk full');
                plan.apply();
              },
            };
          },
        };
      },
    };
    const imports = new ImportService({ store: t.core.store, changed: () => {} }, [failing]);
    const data = Buffer.from('Name\nOne\nTwo\nThree\nFour\n');
    const { uploadId } = imports.begin({ fileName: 'x.csv', size: data.length });
    imports.chunk({ uploadId, offset: 0, data: data.toString('base64') });
    await expect(imports.commit({ uploadId, type: 'accounts', mapping: { Name: 'name' } })).rejects.toThrow('disk full');
    expect(writes).toBe(3);
    expect(await names(t.call)).toEqual([]);
    expect(count(t, 'outbox')).toBe(0);
    expect(count(t, 'search_docs')).toBe(0);
  });
});

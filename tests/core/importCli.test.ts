import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMapOption } from '../../core/cli/import';
import { main } from '../../core/cli/main';
import type { Account } from '../../core/model';
import { tempDir } from './helpers';

const run = promisify(execFile);
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

function dataDir(): string {
  const t = tempDir();
  cleanups.push(t.cleanup);
  return t.dir;
}

const FIXTURE = 'tests/fixtures/import/accounts.csv';
const listed = async (dir: string) => (JSON.parse((await cli(['--data-dir', dir, 'accounts', 'list', '--json'])).out) as Account[]).map((a) => a.name);

describe('fieldbook import', () => {
  it('stops on rows with problems, listing each by row and column, and writes nothing', async () => {
    const dir = dataDir();
    const result = await cli(['--data-dir', dir, 'import', FIXTURE, '--type', 'accounts']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('accounts.csv: 7 row(s)');
    expect(result.out).toContain('  Support Level → Support tier');
    expect(result.out).toContain('Would create 3, update 0, leave 0 unchanged; 4 row(s) with problems.');
    expect(result.out).toContain('  Row 4, Support Level: "Gold" is not a known support tier. Use one of: Standard, Premium, Premier.');
    expect(result.out).toContain('  Row 7: Row 2 already imports this account; only the first row for it is imported.');
    expect(result.err).toBe('fieldbook: nothing was imported: 4 row(s) have problems. Fix them, or pass --skip-invalid to import the 3 other row(s).\n');
    expect(await listed(dir)).toEqual([]);
  });

  it('--dry-run previews only; --skip-invalid imports the valid rows; running it again creates nothing', async () => {
    const dir = dataDir();
    const dry = await cli(['--data-dir', dir, 'import', FIXTURE, '--type', 'accounts', '--dry-run', '--json']);
    expect(dry.code).toBe(1);
    expect(JSON.parse(dry.out)).toMatchObject({ imported: false, dryRun: true, counts: { create: 3, error: 4 } });
    expect(await listed(dir)).toEqual([]);

    const done = await cli(['--data-dir', dir, 'import', FIXTURE, '--type', 'accounts', '--skip-invalid', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ imported: true, result: { created: 3, updated: 0, unchanged: 0, skipped: 4 } });
    expect(await listed(dir)).toEqual(['Contoso Federal', 'Northwind Traders', 'Woodgrove Bank']);

    const again = await cli(['--data-dir', dir, 'import', FIXTURE, '--type', 'accounts', '--skip-invalid']);
    expect(again.code).toBe(0);
    expect(again.out).toContain('Imported: 0 created, 0 updated, 3 unchanged, 4 skipped.');
    expect(await listed(dir)).toEqual(['Contoso Federal', 'Northwind Traders', 'Woodgrove Bank']);
  });

  it('--map overrides the guess: picks a column for a field and leaves others out', async () => {
    const dir = dataDir();
    const file = join(dir, 'crm.csv');
    writeFileSync(file, 'Company,Level,Owner,Summary\nHooli,premier,Gavin,Compression workshop\n');
    const result = await cli(['--data-dir', dir, 'import', file, '--type', 'accounts', '--map', 'level=tier,Summary=notes', '--map', 'Owner=', '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.out)).toMatchObject({ mapping: { Company: 'name', Level: 'tier', Owner: null, Summary: 'notes' }, result: { created: 1 } });
    const [hooli] = JSON.parse((await cli(['--data-dir', dir, 'accounts', 'list', '--json'])).out) as Account[];
    expect(hooli).toMatchObject({ name: 'Hooli', tier: 'premier', notes: 'Compression workshop' });
  });

  it('exits 2 with a clear message for bad arguments, files and mappings', async () => {
    const dir = dataDir();
    const cases: Array<[string[], RegExp]> = [
      [['import', FIXTURE], /import needs --type: accounts, contacts or adoption\./],
      [['import', '--type', 'accounts'], /import needs exactly one FILE\./],
      [['import', FIXTURE, '--type', 'accounts', '--bogus'], /Unknown option '--bogus'/],
      [['import', join(dir, 'missing.csv'), '--type', 'accounts'], /Cannot read .*missing\.csv: no such file\./],
      [['import', FIXTURE, '--type', 'widgets'], /Fieldbook cannot import "widgets"\. It can import: accounts, contacts, adoption\./],
      [['import', FIXTURE, '--type', 'accounts', '--map', 'Nope=name'], /The file has no column "Nope"\. Its columns are: Account Name, Support Level/],
      [['import', FIXTURE, '--type', 'accounts', '--map', 'Notes'], /--map takes COLUMN=FIELD pairs separated by commas; "Notes" has no "="\./],
      [['import', FIXTURE, '--type', 'accounts', '--map', 'Notes=nots'], /"nots" is not a field of accounts\. The fields are: name, tier/],
      [['import', FIXTURE, '--type', 'accounts', '--map', 'Account Name='], /No column is mapped to Name\./],
    ];
    for (const [args, message] of cases) {
      const result = await cli(['--data-dir', dir, ...args]);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.err).toMatch(message);
    }
    const xls = join(dir, 'old.xls');
    writeFileSync(xls, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0, 0]));
    const old = await cli(['--data-dir', dir, 'import', xls, '--type', 'accounts']);
    expect(old.code).toBe(2);
    expect(old.err).toBe('fieldbook: This is an old-style Excel file (.xls). Save it as .xlsx or .csv and import that.\n');
    expect(await listed(dir)).toEqual([]);
  });

  it('parses --map pairs, keeping "=" inside column names', () => {
    expect(parseMapOption(['a=name, b = tier', 'c=', 'x=y=notes'])).toEqual([
      ['a', 'name'],
      ['b', 'tier'],
      ['c', null],
      ['x=y', 'notes'],
    ]);
  });

  it('runs as the real command on an XLSX file', async () => {
    const dir = dataDir();
    const { stdout } = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'import', 'tests/fixtures/import/accounts.xlsx', '--type', 'accounts', '--skip-invalid']);
    expect(stdout).toContain('accounts.xlsx (sheet Customers): 4 row(s)');
    expect(stdout).toContain('Imported: 3 created, 0 updated, 0 unchanged, 1 skipped.');
    const failed = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'import', 'tests/fixtures/import/accounts.xlsx', '--type', 'accounts']).catch((e: { code: number; stderr: string }) => e);
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringMatching(/1 row\(s\) have problems/) as unknown });
  }, 60_000);
});

describe('fieldbook import --type contacts | adoption', () => {
  const seedAccounts = async (dir: string) => {
    for (const name of ['Acme Corp', 'Globex']) expect((await cli(['--data-dir', dir, 'accounts', 'add', '--name', name])).code).toBe(0);
    return JSON.parse((await cli(['--data-dir', dir, 'accounts', 'list', '--json'])).out) as Account[];
  };

  it('imports contacts: problems by row and column, nothing written until they are fixed or skipped, a re-run creates nothing', async () => {
    const dir = dataDir();
    const [acme] = await seedAccounts(dir);
    const file = 'tests/fixtures/import/contacts.csv';
    const refused = await cli(['--data-dir', dir, 'import', file, '--type', 'contacts']);
    expect(refused.code).toBe(1);
    expect(refused.out).toContain('  Row 5, Company: No account is named "Initech". Import or create the account first.');
    expect(refused.out).toContain('  Row 6, E-mail: Enter an email address like name@example.com.');
    const contacts = async () => JSON.parse((await cli(['--data-dir', dir, 'contacts', 'list', '--account', acme?.id ?? '', '--json'])).out) as Array<{ name: string }>;
    expect(await contacts()).toEqual([]);

    const done = await cli(['--data-dir', dir, 'import', file, '--type', 'contacts', '--skip-invalid', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ imported: true, result: { created: 3, skipped: 5 } });
    expect((await contacts()).map((c) => c.name)).toEqual(['Ines Ortega', 'Raj Patel']);
    const again = await cli(['--data-dir', dir, 'import', file, '--type', 'contacts', '--skip-invalid', '--json']);
    expect(JSON.parse(again.out)).toMatchObject({ result: { created: 0, updated: 0, unchanged: 3 } });
  });

  it('imports adoption with --map, and refuses an unknown type with the ones it knows', async () => {
    const dir = dataDir();
    const [acme] = await seedAccounts(dir);
    const file = join(dataDir(), 'adoption.csv');
    writeFileSync(file, 'Customer,Feature,Where we are,Said,Day\nAcme Corp,Kubernetes operator,piloting,Two clusters,2026-01-10\n');
    const done = await cli(['--data-dir', dir, 'import', file, '--type', 'adoption', '--map', 'Where we are=status,Said=note,Day=on', '--json']);
    expect(done.code).toBe(0);
    expect(JSON.parse(done.out)).toMatchObject({ imported: true, result: { created: 1 } });
    const adoption = JSON.parse((await cli(['--data-dir', dir, 'adoption', 'list', '--account', acme?.id ?? '', '--json'])).out) as { entries: Array<{ capability: { code: string }; status: string; since: string }> };
    expect(adoption.entries.find((e) => e.capability.code === 'k8s-operator')).toMatchObject({ status: 'piloting', since: '2026-01-10' });

    const unknown = await cli(['--data-dir', dir, 'import', file, '--type', 'invoices']);
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('It can import: accounts, contacts, adoption.');
  });
});

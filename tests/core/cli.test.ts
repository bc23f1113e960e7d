import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
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

describe('fieldbook CLI', () => {
  it('adds an account and prints it as JSON; list --json prints all', async () => {
    const dir = dataDir();
    const added = await cli(['--data-dir', dir, 'accounts', 'add', '--name', 'Acme', '--tier', 'premier', '--residency', 'us', '--clearance', 'us-secret']);
    expect(added.code).toBe(0);
    const account = JSON.parse(added.out) as Account;
    expect(account).toMatchObject({ name: 'Acme', tier: 'premier', residency: 'us', clearance: 'us-secret' });
    const listed = await cli(['--data-dir', dir, 'accounts', 'list', '--json']);
    expect(JSON.parse(listed.out)).toEqual([account]);
  });

  it('prints a clear error and exits non-zero on a bad tier, writing nothing', async () => {
    const dir = dataDir();
    const bad = await cli(['--data-dir', dir, 'accounts', 'add', '--name', 'Acme', '--tier', 'gold']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/"gold" is not a known support tier\. Choose one of: standard, premium, premier\./);
    expect(bad.out).toBe('');
    const listed = await cli(['--data-dir', dir, 'accounts', 'list', '--json']);
    expect(JSON.parse(listed.out)).toEqual([]);
  });

  it('refuses a damaged data file with a clear message and exit code 1', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'fieldbook.db'), 'this is not a database, it is a shopping list'.repeat(100));
    const result = await cli(['--data-dir', dir, 'accounts', 'list']);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/is not a usable Fieldbook database \(it is not an SQLite file\)\. Nothing was changed\./);
  });

  it('explains usage mistakes', async () => {
    const dir = dataDir();
    expect((await cli(['--data-dir', dir, 'accounts', 'add'])).err).toMatch(/accounts add needs --name NAME/);
    expect((await cli(['--data-dir', dir, 'accounts', 'add', '--name', 'x', '--colour', 'red'])).code).toBe(2);
    expect((await cli(['--data-dir', dir, 'invoices', 'list'])).err).toMatch(/Unknown command "invoices list"/);
    expect((await cli([])).code).toBe(2);
    expect((await cli(['--help'])).code).toBe(0);
  });

  it('runs as the installed `fieldbook` command', async () => {
    const dir = dataDir();
    const { stdout } = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'accounts', 'add', '--name', 'From bin']);
    expect((JSON.parse(stdout) as Account).name).toBe('From bin');
    const failed = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'accounts', 'add', '--name', 'x', '--health', 'purple']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failed && failed.code).toBe(2);
    expect('stderr' in failed && failed.stderr).toMatch(/fieldbook: Health is green, amber or red\./);
  });
});

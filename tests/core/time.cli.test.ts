import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import { main } from '../../core/cli/main';
import type { TimeEntry } from '../../core/model';
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

/** A data folder whose profile was set up in the app (role given), with one account. */
async function folder(role: 'tam' | 'manager' = 'tam'): Promise<string> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const core = await openCore({ dataDir: t.dir, host: 'in-process', watchIntervalMs: 0 });
  await core.link.request('profile.save', { name: 'Ada', email: 'ada@example.com', role, homeRegion: 'uk', timeZone: 'Europe/London' });
  await core.link.request('accounts.create', { name: 'Contoso Bank' });
  core.close();
  return t.dir;
}

describe('fieldbook time and timesheet commands', () => {
  it('adds time by account name, lists it as JSON, and applies the same rules and errors as the app', async () => {
    const dir = await folder();
    const added = await cli(['--data-dir', dir, 'time', 'add', '--account', 'contoso bank', '--date', '2026-11-23', '--minutes', '90', '--category', 'onsite', '--billable', '--note', 'Kick-off']);
    expect(added.err).toBe('');
    expect(added.code).toBe(0);
    const entry = JSON.parse(added.out) as TimeEntry;
    expect(entry).toMatchObject({ date: '2026-11-23', minutes: 90, category: 'onsite', billable: true, note: 'Kick-off', source: 'manual', userId: 'ada@example.com' });
    expect(JSON.parse((await cli(['--data-dir', dir, 'time', 'add', '--account', entry.accountId, '--date', '2026-11-24', '--minutes', '1h30', '--no-billable'])).out)).toMatchObject({
      minutes: 90,
      billable: false,
      category: 'remote',
    });

    const full = await cli(['--data-dir', dir, 'time', 'add', '--account', 'Contoso Bank', '--date', '2026-11-23', '--minutes', '1400']);
    expect(full).toMatchObject({ code: 2, out: '' });
    expect(full.err).toBe('fieldbook: That makes 24h50 on 2026-11-23; a day holds no more than 24 hours.\n');
    const sku = await cli(['--data-dir', dir, 'time', 'add', '--account', 'Contoso Bank', '--date', '2026-11-23', '--minutes', '30', '--sku', 'GOLD']);
    expect(sku.err).toMatch(/no contract on 2026-11-23, so it has no SKU "GOLD"/);
    const nobody = await cli(['--data-dir', dir, 'time', 'add', '--account', 'Initech', '--date', '2026-11-23', '--minutes', '30']);
    expect(nobody).toMatchObject({ code: 1, err: 'fieldbook: No account "Initech". List them with: fieldbook accounts list\n' });
    const missing = await cli(['--data-dir', dir, 'time', 'add', '--account', 'Contoso Bank']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/time add needs --account A, --date DATE and --minutes M/);

    const listed = await cli(['--data-dir', dir, 'time', 'list', '--json']);
    expect((JSON.parse(listed.out) as TimeEntry[]).map((e) => [e.date, e.minutes])).toEqual([
      ['2026-11-23', 90],
      ['2026-11-24', 90],
    ]);
    const table = await cli(['--data-dir', dir, 'time', 'list', '--from', '2026-11-24']);
    expect(table.out).toMatch(/2026-11-24 {2}1:30 {2}Contoso Bank/);
    expect(table.out).toMatch(/Total 1:30/);
  });

  it('submits, refuses a TAM’s approval, and approves or rejects as a manager; locked time stays locked', async () => {
    const dir = await folder('manager');
    await cli(['--data-dir', dir, 'time', 'add', '--account', 'Contoso Bank', '--date', '2026-11-23', '--minutes', '60']);
    const submitted = await cli(['--data-dir', dir, 'timesheet', 'submit', '--week', '2026-W48']);
    expect(submitted.out).toMatch(/^2026-W48 \(ada@example.com\): submitted/);
    const rejectNoReason = await cli(['--data-dir', dir, 'timesheet', 'reject', '--user', 'ada@example.com', '--week', '2026-W48']);
    expect(rejectNoReason.err).toMatch(/needs --reason TEXT/);
    const rejected = await cli(['--data-dir', dir, 'timesheet', 'reject', '--user', 'ada@example.com', '--week', '2026-W48', '--reason', 'Add the note']);
    expect(rejected.out).toMatch(/Rejected by ada@example.com: Add the note/);
    await cli(['--data-dir', dir, 'timesheet', 'submit', '--week', '2026-W48']);
    expect(JSON.parse((await cli(['--data-dir', dir, 'timesheet', 'pending', '--json'])).out)).toMatchObject({ weeks: [{ week: '2026-W48', minutes: 60 }] });
    const approved = await cli(['--data-dir', dir, 'timesheet', 'approve', '--user', 'ada@example.com', '--week', '2026-W48']);
    expect(approved.out).toMatch(/approved by ada@example.com/);
    const late = await cli(['--data-dir', dir, 'time', 'add', '--account', 'Contoso Bank', '--date', '2026-11-23', '--minutes', '30']);
    expect(JSON.parse(late.out)).toMatchObject({ status: 'submitted' });

    const tam = await folder('tam');
    await cli(['--data-dir', tam, 'timesheet', 'submit', '--week', '2026-W48']);
    const refused = await cli(['--data-dir', tam, 'timesheet', 'approve', '--user', 'ada@example.com', '--week', '2026-W48']);
    expect(refused).toMatchObject({ code: 1 });
    expect(refused.err).toMatch(/Only managers and admins approve time/);
  });

  it('runs as the installed command', async () => {
    const dir = await folder();
    const { stdout } = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'time', 'list', '--json']);
    expect(JSON.parse(stdout)).toEqual([]);
    const help = await run('node', ['bin/fieldbook.mjs', '--help']);
    expect(help.stdout).toMatch(/time add --account A --date DATE --minutes M/);
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main';
import type { Account, Engagement, IncidentView, SupportContract } from '../../core/model';
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

async function withAccount(): Promise<{ dir: string; id: string; fb: (...args: string[]) => ReturnType<typeof cli> }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const fb = (...args: string[]) => cli(['--data-dir', t.dir, ...args]);
  const added = await fb('accounts', 'add', '--name', 'Contoso', '--tier', 'premier');
  return { dir: t.dir, id: (JSON.parse(added.out) as Account).id, fb };
}

describe('fieldbook contracts / incidents / engagements', () => {
  it('adds a contract from the tier terms and lists it as JSON', async () => {
    const { id, fb } = await withAccount();
    const added = await fb('contracts', 'add', '--account', id, '--tier', 'premier', '--from', '2026-01-01', '--to', '2026-12-31', '--hours', '24', '--per', 'quarter', '--add-on', 'sovereign', '--json');
    expect(added.code).toBe(0);
    const contract = JSON.parse(added.out) as SupportContract;
    expect(contract).toMatchObject({ tier: 'premier', includedHours: 24, hoursPeriod: 'quarter', coverage: { kind: '24x7' } });
    expect(contract.skus.map((s) => s.code)).toContain('SOV-CLEARED');
    const listed = await fb('contracts', 'list', '--account', id, '--json');
    expect(JSON.parse(listed.out)).toEqual([contract]);
    const text = await fb('contracts', 'list', '--account', id);
    expect(text.out).toMatch(/^TIER\s+FROM\s+TO\s+HOURS\s+COVERAGE\s+ID\npremier\s+2026-01-01\s+2026-12-31\s+24 h\/quarter\s+24x7/);
  });

  it('refuses a bad contract with a clear message, exit 2 and nothing written', async () => {
    const { id, fb } = await withAccount();
    const cases: Array<[string[], RegExp]> = [
      [['--tier', 'gold', '--from', '2026-01-01', '--to', '2026-12-31'], /fieldbook: "gold" is not a known support tier\. Choose one of: standard, premium, premier\./],
      [['--tier', 'premier', '--from', '2026-01-01', '--to', '2025-12-31'], /fieldbook: The contract must end on or after the day it starts\./],
      [['--tier', 'premier', '--from', '2026-01-01', '--to', '2026-12-31', '--hours', 'lots'], /fieldbook: --hours must be a number, not "lots"\./],
      [['--tier', 'premier', '--from', '2026-01-01', '--to', '2026-12-31', '--per', 'week'], /fieldbook: Hours are included per month, quarter or year\./],
      [['--tier', 'premier', '--from', '2026-01-01'], /fieldbook: --to DATE is required\./],
    ];
    for (const [args, message] of cases) {
      const result = await fb('contracts', 'add', '--account', id, ...args);
      expect(result.code).toBe(2);
      expect(result.err).toMatch(message);
      expect(result.out).toBe('');
    }
    expect(JSON.parse((await fb('contracts', 'list', '--account', id, '--json')).out)).toEqual([]);
    const missing = await fb('contracts', 'list', '--account', '0190a4c4-0000-7000-8000-000000000000', '--json');
    expect(missing).toMatchObject({ code: 1, err: 'fieldbook: That account does not exist. It may have been deleted.\n' });
  });

  it('opens an incident, records its responders and resolution, and lists it with SLA status', async () => {
    const { id, fb } = await withAccount();
    await fb('contracts', 'add', '--account', id, '--tier', 'premier', '--from', '2026-01-01', '--to', '2026-12-31');
    const opened = await fb('incidents', 'add', '--account', id, '--severity', '1', '--opened', '2026-06-01T10:00:00+02:00', '--summary', 'Payments down', '--json');
    expect(opened.code).toBe(0);
    const view = JSON.parse(opened.out) as IncidentView;
    expect(view.incident).toMatchObject({ severity: 1, openedAt: '2026-06-01T08:00:00.000Z', summary: 'Payments down' });
    expect(view.sla?.targets.find((t) => t.key === 'engage:developer')?.dueAt).toBe('2026-06-01T08:15:00.000Z');
    const incidentId = view.incident.id;

    expect((await fb('incidents', 'respond', incidentId, '--at', '2026-06-01T08:05:00Z')).code).toBe(0);
    expect((await fb('incidents', 'engage', incidentId, '--role', 'developer', '--name', 'Dev Dana', '--at', '2026-06-01T08:10:00Z')).code).toBe(0);
    const late = await fb('incidents', 'engage', incidentId, '--role', 'incident_manager', '--at', '2026-06-01T08:40:00Z');
    expect(late.out).toMatch(/Engaged on incident .* — .*Incident manager engaged: Breached by 25 min/);
    const resolved = await fb('incidents', 'resolve', incidentId, '--at', '2026-06-01T09:00:00Z', '--summary', 'Rolled back', '--json');
    const final = JSON.parse(resolved.out) as IncidentView;
    expect(final.incident).toMatchObject({ resolvedAt: '2026-06-01T09:00:00.000Z', developerName: 'Dev Dana', summary: 'Rolled back' });
    expect(final.sla?.targets.map((t) => [t.key, t.state])).toEqual([
      ['first_response', 'met'],
      ['engage:support_engineer', 'breached'],
      ['engage:developer', 'met'],
      ['engage:incident_manager', 'breached'],
      ['update', 'breached'],
    ]);
    const listed = JSON.parse((await fb('incidents', 'list', '--account', id, '--json')).out) as IncidentView[];
    expect(listed.map((v) => v.incident.id)).toEqual([incidentId]);
    expect(listed[0]?.sla?.targets).toEqual(final.sla?.targets);
    const text = await fb('incidents', 'list');
    expect(text.out).toMatch(/^SEV\s+OPENED\s+STATE\s+SLA/);
    expect(text.out).toMatch(/resolved\s+Support engineer engaged: Breached by 45 min; Incident manager engaged: Breached by 25 min/);
  });

  it('refuses impossible incident input with exit 2, leaving the incident untouched', async () => {
    const { id, fb } = await withAccount();
    expect((await fb('incidents', 'add', '--account', id, '--severity', '9')).err).toMatch(/fieldbook: Severity is 1, 2, 3 or 4\./);
    expect((await fb('incidents', 'add', '--account', id, '--severity', '1', '--opened', 'yesterday')).err).toMatch(/Opened must be a date and time like 2026-03-27T17:30:00\+01:00\./);
    const opened = JSON.parse((await fb('incidents', 'add', '--account', id, '--severity', '2', '--opened', '2026-06-01T08:00:00Z', '--json')).out) as IncidentView;
    const early = await fb('incidents', 'respond', opened.incident.id, '--at', '2026-06-01T07:00:00Z');
    expect(early).toMatchObject({ code: 2, err: 'fieldbook: The first response cannot be before the incident opened.\n' });
    expect((await fb('incidents', 'engage', opened.incident.id, '--role', 'janitor')).err).toMatch(/The role is support_engineer, developer or incident_manager\./);
    expect((await fb('incidents', 'frobnicate', opened.incident.id)).err).toMatch(/Unknown command "incidents frobnicate"/);
    const after = JSON.parse((await fb('incidents', 'list', '--json')).out) as IncidentView[];
    expect(after.map((v) => v.incident)).toEqual([opened.incident]);
    // No contract when it opened: listed with that said.
    expect((await fb('incidents', 'list')).out).toMatch(/no contract in force when it opened/);
  });

  it('logs engagements and lists them newest first', async () => {
    const { id, fb } = await withAccount();
    await fb('engagements', 'add', '--account', id, '--kind', 'weekly_call', '--title', 'Weekly sync', '--at', '2026-06-01T10:00:00Z', '--attendees', 'Ana, Bo');
    const qbr = await fb('engagements', 'add', '--account', id, '--kind', 'qbr', '--title', 'Q2 review', '--at', '2026-06-20T10:00:00Z', '--minutes', 'Renewal agreed.', '--json');
    expect(JSON.parse(qbr.out)).toMatchObject({ kind: 'qbr', minutes: 'Renewal agreed.' });
    const listed = JSON.parse((await fb('engagements', 'list', '--account', id, '--json')).out) as Engagement[];
    expect(listed.map((e) => e.title)).toEqual(['Q2 review', 'Weekly sync']);
    const bad = await fb('engagements', 'add', '--account', id, '--kind', 'lunch', '--title', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/Choose a kind: weekly call, onsite visit, QBR, escalation or email\./);
  });

  it('runs as the installed `fieldbook` command and exits non-zero on errors', async () => {
    const { dir, id } = await withAccount();
    const { stdout } = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'incidents', 'add', '--account', id, '--severity', '3', '--json']);
    expect((JSON.parse(stdout) as IncidentView).incident.severity).toBe(3);
    const failed = await run('node', ['bin/fieldbook.mjs', '--data-dir', dir, 'contracts', 'add', '--account', id, '--tier', 'premier', '--from', '2026-01-01', '--to', 'soon']).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect('code' in failed && failed.code).toBe(2);
    expect('stderr' in failed && failed.stderr).toMatch(/fieldbook: The end is a date like 2026-01-31\./);
    // Two Node processes compiling TypeScript on start: give a busy machine time.
  }, 30_000);
});

import { afterEach, describe, expect, it } from 'vitest';
import { main } from '../../core/cli/main';
import type { AccountAdoption, AccountLifecycle, AdoptionEntry, Contact, TeamMember } from '../../core/model';
import { openStore } from '../../core/store/store';
import { tempDir } from './helpers';

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

async function dataDirWithAccount(): Promise<{ dir: string; id: string }> {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const added = await cli(['--data-dir', t.dir, 'accounts', 'add', '--name', 'Acme Corp', '--tier', 'premier']);
  return { dir: t.dir, id: (JSON.parse(added.out) as { id: string }).id };
}

/** Rows in every table of the data folder, to prove a refused command wrote nothing. */
async function rowCounts(dir: string): Promise<Record<string, number>> {
  const store = await openStore({ dataDir: dir });
  try {
    const tables = ['accounts', 'team_roles', 'contacts', 'lifecycle_events', 'handoff_items', 'adoption', 'adoption_notes', 'outbox'];
    return Object.fromEntries(tables.map((t) => [t, (store.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n]));
  } finally {
    store.close();
  }
}

describe('fieldbook team, contacts, lifecycle and adoption commands', () => {
  it('sets and lists adoption as JSON, by account id or name', async () => {
    const { dir, id } = await dataDirWithAccount();
    const set = await cli(['--data-dir', dir, 'adoption', 'set', '--account', id, '--capability', 'sso', '--status', 'adopted', '--note', 'Okta live', '--on', '2026-01-15', '--json']);
    expect(set.code).toBe(0);
    expect(JSON.parse(set.out) as AdoptionEntry).toMatchObject({ status: 'adopted', since: '2026-01-15', notes: [{ text: 'Okta live', on: '2026-01-15', status: 'adopted' }] });
    await cli(['--data-dir', dir, 'adoption', 'set', '--account', 'acme corp', '--capability', 'byok', '--status', 'blocked', '--blocker', 'No HSM yet']);
    const listed = JSON.parse((await cli(['--data-dir', dir, 'adoption', 'list', '--account', 'Acme Corp', '--json'])).out) as AccountAdoption;
    expect(listed.score).toMatchObject({ adopted: 1, blocked: 1, score: 14 });
    expect(listed.entries.find((e) => e.capability.code === 'byok')).toMatchObject({ status: 'blocked', blockers: 'No HSM yet' });
    // Without --json: a table for people.
    expect((await cli(['--data-dir', dir, 'adoption', 'list', '--account', id])).out).toMatch(/^Adoption score: 14 \(1 adopted, 0 in progress, 1 blocked of 11\)\.\nCAPABILITY +STATUS/);
  });

  it('adds team members and contacts and lists them as JSON', async () => {
    const { dir, id } = await dataDirWithAccount();
    const added = await cli(['--data-dir', dir, 'team', 'add', '--account', id, '--person', 'Sam Sales', '--role', 'SE', '--email', 'sam@example.com', '--json']);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out) as TeamMember).toMatchObject({ role: 'se', name: 'Sam Sales', email: 'sam@example.com', personId: null });
    await cli(['--data-dir', dir, 'team', 'add', '--account', id, '--person', 'Tess Tam', '--role', 'tam']);
    const team = JSON.parse((await cli(['--data-dir', dir, 'team', 'list', '--account', id, '--json'])).out) as TeamMember[];
    expect(team.map((m) => [m.role, m.name])).toEqual([
      ['tam', 'Tess Tam'],
      ['se', 'Sam Sales'],
    ]);

    const contact = await cli(['--data-dir', dir, 'contacts', 'add', '--account', id, '--name', 'Pat Ops', '--title', 'Head of platform', '--phone', '+1 555 0100', '--json']);
    expect(JSON.parse(contact.out) as Contact).toMatchObject({ name: 'Pat Ops', title: 'Head of platform', phone: '+1 555 0100' });
    expect((JSON.parse((await cli(['--data-dir', dir, 'contacts', 'list', '--account', id, '--json'])).out) as Contact[]).map((c) => c.name)).toEqual(['Pat Ops']);
  });

  it('moves the lifecycle stage with owners and a partly ticked checklist, and lists the history', async () => {
    const { dir, id } = await dataDirWithAccount();
    const templates = await cli(['--data-dir', dir, 'lifecycle', 'move', '--account', id, '--to', 'onboarding', '--from-owner', 'Sam Sales', '--to-owner', 'Casey Success', '--json']);
    expect(templates.code).toBe(0);
    const moved = JSON.parse(templates.out) as AccountLifecycle;
    expect(moved).toMatchObject({ stage: 'onboarding', openItems: 5, events: [{ fromStage: 'pre_sales', toStage: 'onboarding', fromOwner: 'Sam Sales', toOwner: 'Casey Success' }] });

    const withAll = await cli(['--data-dir', dir, 'lifecycle', 'move', '--account', id, '--to', 'production', '--done', 'all']);
    expect(withAll.out).toMatch(/^Moved to Production\.\n {2}\[x\] Go-live date confirmed/);
    expect(withAll.out).toMatch(/Checklist complete\./);
    const history = JSON.parse((await cli(['--data-dir', dir, 'lifecycle', 'list', '--account', id, '--json'])).out) as AccountLifecycle;
    expect(history.events.map((e) => [e.toStage, e.openItems])).toEqual([
      ['production', 0],
      ['onboarding', 5],
    ]);
    expect((await cli(['--data-dir', dir, 'accounts', 'show', id])).out).toMatch(/"stage": "production"/);
  });

  it('exits non-zero with a clear message and writes nothing on bad input', async () => {
    const { dir, id } = await dataDirWithAccount();
    const before = await rowCounts(dir);
    const cases: Array<[string[], number, RegExp]> = [
      [['lifecycle', 'move', '--account', id, '--to', 'pre_sales'], 2, /Acme Corp is already in Pre-sales\./],
      [['lifecycle', 'move', '--account', id, '--to', 'limbo'], 2, /Unknown stage "limbo"\. Choose one of: pre_sales, onboarding/],
      [['lifecycle', 'move', '--account', id, '--to', 'onboarding', '--at', '2999-01-01T00:00:00Z'], 2, /cannot be dated in the future/],
      [['lifecycle', 'move', '--account', id, '--to', 'onboarding', '--done', 'not-an-id'], 2, /Not a valid record id\./],
      [['adoption', 'set', '--account', id, '--capability', 'sso', '--status', 'done'], 2, /Unknown status "done"\. Choose one of: not_started, evaluating, piloting, adopted, blocked\./],
      [['adoption', 'set', '--account', id, '--capability', 'byok', '--status', 'blocked'], 2, /Say what blocks it/],
      [['adoption', 'set', '--account', id, '--capability', 'teleport', '--status', 'adopted'], 2, /"teleport" is not in the capability catalog/],
      [['adoption', 'set', '--account', id, '--capability', 'sso'], 2, /adoption set needs --status, --note or --blocker\./],
      [['adoption', 'list', '--account', 'Nobody Inc'], 1, /No account is named "Nobody Inc"/],
      [['team', 'add', '--account', id, '--person', 'Sam', '--role', 'boss'], 2, /Unknown role "boss"/],
      [['team', 'add', '--account', id, '--role', 'tam'], 2, /team add needs --person\./],
      [['contacts', 'add', '--account', id, '--name', 'Pat', '--email', 'pat-at-example'], 2, /Enter an email address like name@example\.com\./],
      [['contacts', 'add', '--account', id, '--name', 'Pat', '--colour', 'red'], 2, /Unknown option '--colour'/],
      [['contacts', 'remove', '--account', id], 2, /Unknown command "contacts remove"/],
    ];
    for (const [args, code, message] of cases) {
      const result = await cli(['--data-dir', dir, ...args]);
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.err).toMatch(message);
      expect(result.out).toBe('');
    }
    expect(await rowCounts(dir)).toEqual(before);
  });
});

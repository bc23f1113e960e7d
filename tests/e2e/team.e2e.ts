import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import type { Core } from '../../core/api/core';
import type { InputOf, MethodName, OutputOf } from '../../core/api/contract';
import { HostProcess, preparedDataDir, screenshot, seriousA11yViolations, useChromium } from './harness';

const { openApp } = useChromium();

async function call<K extends MethodName>(core: Core, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await core.dispatcher.dispatch(method, input);
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.data as OutputOf<K>;
}

/**
 * A TAM's portfolio: a cleared federal premier account with its team, contacts and a day/night rotation, and a few
 * other accounts with some adoption. The directory is a manager's, so it is written under a manager's profile.
 */
async function seed(dir: string): Promise<void> {
  const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
  try {
    const dana = { name: 'Dana Field', email: 'dana@example.com', role: 'tam' as const, homeRegion: 'us', timeZone: 'America/New_York' };
    await call(core, 'profile.save', { ...dana, name: 'Morgan Lead', email: 'morgan@example.com', role: 'manager' });
    const quinn = await call(core, 'people.save', { fields: { name: 'Quinn Reyes', email: 'quinn@example.com', roles: ['escalation_engineer'], clearances: ['us-secret'], homeRegion: 'us', timeZone: 'America/Chicago' } });
    const ravi = await call(core, 'people.save', { fields: { name: 'Ravi Iyer', email: 'ravi@example.com', roles: ['escalation_engineer'], clearances: [], homeRegion: 'us', timeZone: 'America/Denver' } });
    await call(core, 'people.save', { fields: { ...dana, roles: ['tam'], clearances: ['us-secret'] } });
    await call(core, 'profile.save', dana);

    const federal = await call(core, 'accounts.create', { name: 'Northwind Federal', tier: 'premier', segment: 'federal', residency: 'us', clearance: 'us-secret', health: 'amber' });
    await call(core, 'team.add', { accountId: federal.id, role: 'tam', me: true });
    await call(core, 'team.add', { accountId: federal.id, role: 'se', name: 'Sam Okafor', email: 'sam@example.com' });
    await call(core, 'team.add', { accountId: federal.id, role: 'csm', name: 'Casey Lindqvist', email: 'casey@example.com' });
    const q = await call(core, 'team.add', { accountId: federal.id, role: 'escalation_engineer', personId: quinn.id });
    const r = await call(core, 'team.add', { accountId: federal.id, role: 'escalation_engineer', personId: ravi.id });
    await call(core, 'contacts.create', { accountId: federal.id, name: 'Pat Morrow', title: 'Director of platform operations', email: 'pat.morrow@northwind.example', phone: '+1 202 555 0147' });
    await call(core, 'contacts.create', { accountId: federal.id, name: 'Lee Chen', title: 'Security officer', email: 'lee.chen@northwind.example' });
    const all = [1, 2, 3, 4, 5, 6, 7];
    await call(core, 'rotation.save', {
      accountId: federal.id,
      fields: {
        timeZone: 'America/New_York',
        startsOn: '2026-01-05',
        handoffDay: 1,
        handoffTime: '09:00',
        shifts: [
          { id: 'day', name: 'Day', start: '08:00', end: '20:00', days: all, order: [q.id] },
          { id: 'night', name: 'Night', start: '20:00', end: '08:00', days: all, order: [q.id, r.id] },
        ],
      },
    });
    const others = [
      ['Contoso Bank', { sso: 'adopted', rbac: 'adopted', 'audit-logs': 'piloting', 'backup-dr': 'adopted', observability: 'evaluating' }],
      ['Fabrikam Health', { sso: 'adopted', byok: 'blocked', 'private-networking': 'piloting', 'backup-dr': 'piloting' }],
      ['Tailspin Logistics', { autoscaling: 'adopted', terraform: 'evaluating' }],
      ['Woodgrove Energy', {}],
    ] as const;
    for (const [name, statuses] of others) {
      const account = await call(core, 'accounts.create', { name, tier: 'premium' });
      for (const [capability, status] of Object.entries(statuses)) {
        await call(core, 'adoption.set', { accountId: account.id, capability, status, ...(status === 'blocked' ? { blockers: 'Customer HSM not provisioned yet.' } : {}) });
      }
    }
    const contoso = (await call(core, 'accounts.list', { search: 'Contoso' }))[0];
    if (contoso) await call(core, 'lifecycle.move', { accountId: contoso.id, to: 'onboarding', at: '2026-01-02T12:00:00Z' });
  } finally {
    core.close();
  }
}

async function expectAccessible(page: Page): Promise<void> {
  expect(await seriousA11yViolations(page)).toEqual([]);
}

describe('team, lifecycle and adoption, end to end in Chromium', () => {
  it('opens an account, walks a stage change checklist, marks a capability adopted and sees the heat map', async () => {
    const data = await preparedDataDir();
    await seed(data.dir);
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start());
      await page.getByRole('row', { name: /Northwind Federal/ }).click();
      await page.getByRole('button', { name: 'Open account' }).click();
      await page.getByRole('heading', { level: 1, name: 'Northwind Federal' }).waitFor();
      // Overview: the lifecycle section with stage, time in stage and owner.
      const lifecycleSection = page.getByRole('region', { name: 'Lifecycle' });
      await lifecycleSection.getByText('Pre-sales').waitFor();
      await lifecycleSection.getByText('Sam Okafor').waitFor();
      await screenshot(page, 'team-01-overview');
      await expectAccessible(page);

      // Team: who's who, contacts, and who answers on call, with the coverage question answered.
      await page.getByRole('tab', { name: 'Team' }).click();
      await page.getByRole('region', { name: 'Our team' }).getByRole('rowheader', { name: /Quinn Reyes/ }).waitFor();
      await page.getByRole('rowheader', { name: /Pat Morrow/ }).waitFor();
      const onCall = page.getByRole('region', { name: 'On-call rotation' });
      await onCall.getByText(/On call now: Quinn Reyes|On call now: Ravi Iyer/).waitFor();
      await onCall.getByText('Not covered').waitFor();
      await onCall.getByText(/Ravi Iyer does not hold US Secret/).waitFor();
      await screenshot(page, 'team-02-team-tab');
      await expectAccessible(page);
      await onCall.scrollIntoViewIfNeeded();
      await screenshot(page, 'team-02b-on-call');

      // Lifecycle: move to Onboarding, ticking two of the five checklist items.
      await page.getByRole('tab', { name: 'Lifecycle' }).click();
      await page.getByRole('button', { name: 'Change stage' }).click();
      const form = page.getByRole('form', { name: 'Change stage' });
      await expect.poll(() => form.getByLabel('Move to').inputValue()).toBe('onboarding');
      expect(await form.getByLabel('From owner').inputValue()).toBe('Sam Okafor');
      expect(await form.getByLabel('To owner').inputValue()).toBe('Casey Lindqvist');
      await form.getByLabel('Technical win summary shared with the CSM').check();
      await form.getByLabel('Kickoff call scheduled').check();
      await form.getByText('2 of 5 done').waitFor();
      await form.getByLabel('Note', { exact: true }).fill('Contract signed; kickoff on Monday.');
      await screenshot(page, 'team-03-stage-change-form');
      await expectAccessible(page);
      await form.getByRole('button', { name: 'Move to Onboarding' }).click();
      await page.getByText('Northwind Federal moved to Onboarding. 3 checklist items still open.').waitFor();
      const history = page.getByRole('region', { name: 'Hand-offs' });
      await history.getByText('3 of 5 open').waitFor();
      // The header follows the account's new stage.
      await page.locator('.account-page__meta').getByText('Onboarding').waitFor();
      // An open item ticked later.
      await history.getByLabel('Success criteria agreed with the customer').check();
      await history.getByText('2 of 5 open').waitFor();
      await screenshot(page, 'team-04-lifecycle-tab');
      await expectAccessible(page);

      // Adoption: mark single sign-on adopted.
      await page.getByRole('tab', { name: 'Adoption' }).click();
      await page.getByRole('button', { name: 'Update Single sign-on (SAML / OIDC)' }).click();
      const editor = page.getByRole('form', { name: 'Update Single sign-on (SAML / OIDC)' });
      await editor.getByLabel('Status').selectOption('adopted');
      await editor.getByLabel('Note', { exact: true }).fill('Okta federation live for all admins.');
      await screenshot(page, 'team-05-adoption-editor');
      await editor.getByRole('button', { name: 'Save' }).click();
      await page.getByText('Single sign-on (SAML / OIDC): Adopted.').waitFor();
      const ssoRow = page.getByRole('row', { name: /Single sign-on/ });
      await ssoRow.getByText('Adopted').waitFor();
      await ssoRow.getByText('Okta federation live for all admins.').waitFor();
      // 3 of 22 weight points adopted: 14.
      await page.locator('.adoption-score__number').getByText('14').waitFor();
      await screenshot(page, 'team-06-adoption-tab');
      await expectAccessible(page);

      // The heat map: text in every cell, and the keyboard moves between cells.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Adoption' }).click();
      const grid = page.getByRole('grid', { name: 'Adoption by account and capability' });
      await grid.waitFor();
      const northwind = grid.getByRole('row', { name: /Northwind Federal/ });
      expect(await northwind.getByRole('gridcell').nth(1).textContent()).toBe('Adopted');
      await screenshot(page, 'team-07-heat-map');
      await expectAccessible(page);
      await grid.getByRole('rowheader', { name: 'Contoso Bank' }).click();
      await page.keyboard.press('ArrowRight');
      await page.keyboard.press('ArrowRight');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Adopted');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      await page.keyboard.press('ArrowDown');
      // Contoso, Fabrikam, Northwind, Tailspin: Tailspin has not started single sign-on.
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('3:2');
      expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Not started');
      await page.keyboard.press('End');
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('3:12');
      await page.keyboard.press('Enter');
      await page.getByRole('heading', { level: 1, name: 'Tailspin Logistics' }).waitFor();
      expect(await page.getByRole('tab', { name: 'Adoption' }).getAttribute('aria-selected')).toBe('true');

      // The Lifecycle area: the flow with owners and medians, and the unfinished hand-off.
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Lifecycle' }).click();
      await page.getByRole('heading', { level: 1, name: 'Lifecycle' }).waitFor();
      const incomplete = page.getByRole('region', { name: 'Hand-offs with open checklist items' });
      await incomplete.getByRole('row', { name: /Northwind Federal.*Pre-sales → Onboarding.*2 of 5 open/ }).waitFor();
      const onboarding = page.getByRole('region', { name: 'Onboarding' });
      await onboarding.getByText('Customer success manager').waitFor();
      await onboarding.getByRole('button', { name: 'Northwind Federal' }).waitFor();
      await screenshot(page, 'team-08-lifecycle-area');
      await expectAccessible(page);

      // Settings: the directory, checklists and catalog, read-only for a TAM (managers change them).
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
      const checklists = page.getByRole('region', { name: 'Hand-off checklists' });
      await checklists.getByText('Kickoff call scheduled').waitFor();
      expect(await checklists.getByRole('button', { name: /Edit/ }).count()).toBe(0);
      await checklists.scrollIntoViewIfNeeded();
      await screenshot(page, 'team-10-settings');
      await expectAccessible(page);
    } finally {
      await host.stop();
      data.cleanup();
    }
  });

  it('keeps a heat map of 1,500 accounts to the rows in view, in the dark theme', async () => {
    const data = await preparedDataDir();
    const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
    const statuses = ['adopted', 'piloting', 'evaluating', 'not_started'] as const;
    const capabilities = ['sso', 'rbac', 'backup-dr', 'observability'];
    for (let i = 0; i < 1500; i += 1) {
      const account = await call(core, 'accounts.create', { name: `Account ${String(i).padStart(4, '0')}` });
      if (i % 3 === 0) for (const [j, capability] of capabilities.entries()) await call(core, 'adoption.set', { accountId: account.id, capability, status: statuses[(i + j) % 4] ?? 'adopted' });
    }
    core.close();
    const host = new HostProcess(data.dir);
    try {
      const page = await openApp(await host.start(), 'dark');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Adoption' }).click();
      const grid = page.getByRole('grid', { name: 'Adoption by account and capability' });
      await grid.getByRole('rowheader', { name: 'Account 0000' }).waitFor();
      const rendered = await grid.locator('tbody tr[aria-rowindex]').count();
      expect(rendered).toBeGreaterThan(5);
      expect(rendered).toBeLessThan(80);
      expect(await grid.getAttribute('aria-rowcount')).toBe('1501');
      await screenshot(page, 'team-09-heat-map-dark-1500');
      await expectAccessible(page);
      // Ctrl+End reaches the last account through the virtual list.
      await grid.getByRole('rowheader', { name: 'Account 0000' }).click();
      await page.keyboard.press('Control+End');
      await grid.getByRole('rowheader', { name: 'Account 1499' }).waitFor();
      await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-cell'))).toBe('1499:12');
    } finally {
      await host.stop();
      data.cleanup();
    }
  });
});

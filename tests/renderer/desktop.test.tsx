import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { act, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import type { Core } from '../../core/api/core';
import type { CoreLink, EventFrame, ManagedSettings } from '../../core/api/contract';
import { createClient } from '../../renderer/src/api/client';
import { ME, renderApp } from './helpers';
import type { TestCore } from './helpers';

const POLICY: ManagedSettings = {
  source: '/etc/fieldbook/policy.json',
  sync: {
    servers: [
      { url: 'https://sync-eu.corp.example', region: 'eu-west', label: 'EU' },
      { url: 'https://sync-us.corp.example', region: null, label: null },
    ],
    locked: true,
  },
  timer: { forgottenAfterHours: 10, idleAfterMinutes: 15 },
  updates: { enabled: true, url: 'https://updates.corp.example/fieldbook/', checkIntervalHours: 6 },
};

const cores: Core[] = [];
const dirs: string[] = [];
afterEach(() => {
  for (const core of cores.splice(0)) core.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A real core, with the managed settings the desktop host would hand it, and a way to push shell events. */
async function start(policy: ManagedSettings | null) {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-desktop-ui-'));
  dirs.push(dir);
  const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0, policy });
  cores.push(core);
  const listeners = new Set<(frame: EventFrame) => void>();
  const link: CoreLink = {
    request: (method, input) => core.link.request(method, input),
    onEvent: (listener) => {
      listeners.add(listener);
      const off = core.link.onEvent(listener);
      return () => {
        listeners.delete(listener);
        off();
      };
    },
  };
  const client = createClient(link);
  await client.call('profile.save', ME);
  const t: TestCore = { core, client, dir, close: () => {} };
  const emit = (frame: EventFrame) => act(() => listeners.forEach((listener) => listener(frame)));
  return { t, emit };
}

async function openSettings(user: Awaited<ReturnType<typeof renderApp>>['user']) {
  await user.click(within(screen.getByRole('navigation', { name: 'Main' })).getByRole('button', { name: 'Settings' }));
  await screen.findByRole('heading', { level: 1, name: 'Settings' });
}

describe('managed settings on the Settings page', () => {
  it('shows each setting the administrator manages, marked as such', async () => {
    const { t } = await start(POLICY);
    const { user } = await renderApp(t);
    await openSettings(user);
    const panel = (await screen.findByRole('heading', { level: 2, name: 'Managed settings' })).closest('section');
    if (!panel) throw new Error('no panel');
    const region = within(panel);
    expect(region.getByText('/etc/fieldbook/policy.json')).toBeInTheDocument();
    expect(region.getAllByText('Managed by your administrator')).toHaveLength(4);
    expect(region.getByText('https://sync-eu.corp.example')).toBeInTheDocument();
    expect(panel.textContent).toContain('EU: https://sync-eu.corp.example (region eu-west)');
    expect(region.getByText('This device can register only with these servers.')).toBeInTheDocument();
    expect(region.getByText('A timer running longer than 10 hours counts as forgotten.')).toBeInTheDocument();
    expect(panel.textContent).toContain('After 15 minutes without input while a timer runs');
    expect(panel.textContent).toContain('From https://updates.corp.example/fieldbook/, checked every 6 hours.');
    const result = await act(() => axe.run(panel, { rules: { 'color-contrast': { enabled: false } } }));
    expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  });

  it('shows only what is managed, and nothing at all without a policy', async () => {
    const partial = await start({ source: 'C:\\ProgramData\\Fieldbook\\policy.json', sync: null, timer: null, updates: { enabled: false } });
    const first = await renderApp(partial.t);
    await openSettings(first.user);
    const panel = (await screen.findByRole('heading', { level: 2, name: 'Managed settings' })).closest('section');
    expect(within(panel as HTMLElement).getAllByText('Managed by your administrator')).toHaveLength(1);
    expect(within(panel as HTMLElement).getByText('Turned off.')).toBeInTheDocument();
    first.unmount();

    const none = await start(null);
    const second = await renderApp(none.t);
    await openSettings(second.user);
    await screen.findByRole('heading', { level: 2, name: 'About this installation' });
    expect(screen.queryByRole('heading', { name: 'Managed settings' })).toBeNull();
    expect(screen.queryByText('Managed by your administrator')).toBeNull();
  });
});

describe('notices from the desktop shell', () => {
  it('appear as toasts wherever the user is', async () => {
    const { t, emit } = await start(null);
    await renderApp(t);
    emit({ kind: 'event', name: 'app.notice', payload: { kind: 'core.restarted', message: 'Fieldbook’s background process stopped unexpectedly and was restarted.' } });
    expect(await screen.findByText('Fieldbook’s background process stopped unexpectedly and was restarted.')).toBeInTheDocument();
  });
});

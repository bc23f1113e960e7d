import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CoreLink } from '../../core/api/contract';
import { openCore } from '../../core/api/core';
import type { Core } from '../../core/api/core';
import type { Profile } from '../../core/model';
import { createClient } from '../../renderer/src/api/client';
import type { ApiClient } from '../../renderer/src/api/client';
import { App } from '../../renderer/src/app/App';

export interface TestCore {
  core: Core;
  client: ApiClient;
  dir: string;
  close(): void;
}

/** A real core on a real SQLite file in a fresh temp folder. */
export async function startCore(): Promise<TestCore> {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-renderer-'));
  const core = await openCore({ dataDir: dir, host: 'in-process', watchIntervalMs: 0 });
  return {
    core,
    dir,
    client: createClient(core.link),
    close() {
      core.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ME: Profile = {
  name: 'Ada Lovelace',
  email: 'ada@example.com',
  role: 'tam',
  homeRegion: 'uk',
  timeZone: 'Europe/London',
};

export async function saveProfile(t: TestCore, profile: Profile = ME): Promise<void> {
  await t.client.call('profile.save', profile);
}

/** Renders the whole app against the core (or a wrapped client) and waits for the first screen after loading. */
export async function renderApp(t: TestCore, client: ApiClient = t.client) {
  const user = userEvent.setup();
  const view = render(<App client={client} />);
  await screen.findByRole('heading', { level: 1, name: /Accounts|Welcome to Fieldbook/ });
  return { user, ...view };
}

/** The body rows of the accounts grid as rendered, top to bottom. */
export function bodyRows(): HTMLElement[] {
  const grid = screen.getByRole('grid', { name: 'Accounts' });
  return [...grid.querySelectorAll<HTMLElement>('[role="row"][aria-rowindex]')]
    .filter((row) => row.getAttribute('aria-rowindex') !== '1')
    .sort((a, b) => Number(a.getAttribute('aria-rowindex')) - Number(b.getAttribute('aria-rowindex')));
}

/** The names in the accounts grid, top to bottom, as rendered. */
export function listedNames(): string[] {
  return bodyRows().map((row) => row.querySelector('[role="gridcell"]')?.textContent ?? '');
}

/** The grid row showing the account with this name. */
export function rowOf(name: string): HTMLElement {
  const row = bodyRows().find((r) => r.querySelector('[role="gridcell"]')?.textContent === name);
  if (!row) throw new Error(`No row for ${name}; rows: ${listedNames().join(', ')}`);
  return row;
}

export interface SpyLink {
  link: CoreLink;
  client: ApiClient;
  /** Every method requested through this link, in order. */
  requests: string[];
}

/**
 * The core's in-process link, with every request recorded and optionally held back: `hold` may return a promise
 * the request waits for before it reaches the core.
 */
export function spyLink(t: TestCore, hold?: (method: string) => Promise<void> | undefined): SpyLink {
  const requests: string[] = [];
  const link: CoreLink = {
    async request(method, input) {
      requests.push(method);
      await hold?.(method);
      return t.core.link.request(method, input);
    },
    onEvent: (listener) => t.core.link.onEvent(listener),
  };
  return { link, client: createClient(link), requests };
}

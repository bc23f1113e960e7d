import { fireEvent, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACCOUNT_DEFAULTS, HEALTH_VALUES, newId } from '../../core/model';
import { AccountsRepo } from '../../core/store/accountsRepo';
import { listedNames, renderApp, rowOf, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';
import { createClient } from '../../renderer/src/api/client';
import type { CoreLink } from '../../core/api/contract';
import { FIRST_PAGE } from '../../renderer/src/features/accounts/store';

const COUNT = 10_000;
const label = (i: number) => `Account ${String(i).padStart(5, '0')}`;

describe('accounts grid with 10,000 accounts', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
    await saveProfile(t);
    // Seeded through the store's one repository path, in one transaction: the same rows the service writes.
    const repo = new AccountsRepo(t.core.store);
    t.core.store.write(() => {
      for (let i = 0; i < COUNT; i++) {
        repo.insert(newId(), { ...ACCOUNT_DEFAULTS, name: label(i), health: HEALTH_VALUES[i % 3] ?? 'green' });
      }
    });
  });
  afterEach(() => t.close());

  it('keeps only the visible window of rows in the DOM, and moves it on scroll', async () => {
    await renderApp(t);
    expect(await screen.findByText('10,000 accounts')).toBeInTheDocument();
    const table = screen.getByRole('grid', { name: 'Accounts' });
    expect(table).toHaveAttribute('aria-rowcount', String(COUNT + 1));

    const rows = () => table.querySelectorAll('.grid__body [role="row"]');
    expect(rows().length).toBeGreaterThan(10);
    expect(rows().length).toBeLessThan(100);
    expect(listedNames()[0]).toBe(label(0));
    expect(screen.queryByText(label(5000))).not.toBeInTheDocument();

    // Scroll halfway: the window moves there, and the DOM stays small.
    const scroller = table.querySelector<HTMLElement>('.grid__scroll');
    expect(scroller).not.toBeNull();
    if (!scroller) return;
    scroller.scrollTop = 5000 * 44;
    fireEvent.scroll(scroller);
    expect(await screen.findByText(label(5000))).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByText(label(0))).not.toBeInTheDocument());
    expect(rows().length).toBeLessThan(100);
    // Row indexes stay true to the full list, so assistive tech reports "row 5,002 of 10,001".
    expect(rowOf(label(5000))).toHaveAttribute('aria-rowindex', String(5000 + 2));
  });

  it('paints the first screenful before the whole list has arrived, then shows the count of all', async () => {
    const asked: unknown[] = [];
    let release: () => void = () => undefined;
    const fullList = new Promise<void>((resolve) => (release = resolve));
    const link: CoreLink = {
      async request(method, input) {
        if (method === 'accounts.list') {
          asked.push(input);
          // The whole list waits until the first page is on screen.
          if ((input as { limit?: number }).limit === undefined) await fullList;
        }
        return t.core.link.request(method, input);
      },
      onEvent: (listener) => t.core.link.onEvent(listener),
    };
    await renderApp(t, createClient(link));
    expect(await screen.findByText(label(0))).toBeInTheDocument();
    expect(screen.getByRole('grid', { name: 'Accounts' })).toHaveAttribute('aria-rowcount', String(FIRST_PAGE + 1));
    expect(screen.queryByText('10,000 accounts')).not.toBeInTheDocument();
    expect(screen.getByText('Loading the rest of the list…')).toBeInTheDocument();
    release();
    expect(await screen.findByText('10,000 accounts')).toBeInTheDocument();
    expect(screen.getByRole('grid', { name: 'Accounts' })).toHaveAttribute('aria-rowcount', String(COUNT + 1));
    expect(listedNames()[0]).toBe(label(0));
    expect(asked).toEqual([
      { sort: 'name', direction: 'asc', limit: FIRST_PAGE },
      { sort: 'name', direction: 'asc' },
    ]);
  });

  it('End on a selected row jumps to the last account, which is then the focused row', async () => {
    const { user } = await renderApp(t);
    await screen.findByText('10,000 accounts');
    await user.click(screen.getByText(label(0)));
    expect(rowOf(label(0))).toHaveFocus();
    await userEvent.keyboard('{End}');
    await waitFor(() => expect(rowOf(label(COUNT - 1))).toHaveFocus());
    expect(rowOf(label(COUNT - 1))).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('grid').querySelectorAll('.grid__body [role="row"]').length).toBeLessThan(100);
    expect(screen.queryByText(label(0))).not.toBeInTheDocument();
  });
});

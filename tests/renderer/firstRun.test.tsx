import { screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { renderApp, startCore } from './helpers';
import type { TestCore } from './helpers';

describe('first run', () => {
  let t: TestCore;
  beforeEach(async () => {
    t = await startCore();
  });
  afterEach(() => t.close());

  it('asks for a profile, shows the core’s errors next to the fields, then saves and opens Accounts', async () => {
    const { user } = await renderApp(t);
    expect(screen.getByRole('heading', { level: 1, name: 'Welcome to Fieldbook' })).toBeInTheDocument();

    // The time zone defaults to the system's, the role to TAM; home regions come from the residency catalog.
    const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    expect(screen.getByLabelText('Time zone')).toHaveValue(zone);
    expect(screen.getByLabelText('Role')).toHaveDisplayValue('Technical account manager');
    const region = screen.getByLabelText('Home region');
    expect(within(region).getByRole('option', { name: 'Singapore' })).toBeInTheDocument();

    await user.type(screen.getByLabelText('Your name'), 'Grace Hopper');
    await user.type(screen.getByLabelText('Email'), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Get started' }));

    const email = screen.getByLabelText('Email');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('Enter an email address like name@example.com.');
    expect(screen.getByLabelText('Home region')).toHaveAccessibleDescription('Choose a home region.');
    expect(screen.getByLabelText('Your name')).not.toHaveAttribute('aria-invalid');
    expect(await t.client.call('profile.get', {})).toBeNull();

    await user.clear(email);
    await user.type(email, 'grace@example.com');
    await user.selectOptions(region, 'sg');
    await user.selectOptions(screen.getByLabelText('Role'), 'csm');
    await user.click(screen.getByRole('button', { name: 'Get started' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main' })).toBeInTheDocument();
    expect(screen.getByText('No accounts yet — create your first with New account (Ctrl+K)')).toBeInTheDocument();
    expect(await t.client.call('profile.get', {})).toEqual({
      name: 'Grace Hopper',
      email: 'grace@example.com',
      role: 'csm',
      homeRegion: 'sg',
      timeZone: zone,
    });
  });
});

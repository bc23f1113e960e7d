import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openCore } from '../../core/api/core';
import type { ManagedSettings } from '../../core/api/contract';
import { startBrowserHost } from '../../core/host/browserHost';
import { preparedDataDir, screenshot, SCREENSHOT_DIR, seriousA11yViolations, useChromium } from './harness';

const { openApp } = useChromium();

const POLICY: ManagedSettings = {
  source: '/etc/fieldbook/policy.json',
  sync: {
    servers: [
      { url: 'https://sync-eu.corp.example', region: 'eu-west', label: 'EU' },
      { url: 'https://sync-us.corp.example', region: 'us-east', label: 'US' },
    ],
    locked: true,
  },
  timer: { forgottenAfterHours: 10, idleAfterMinutes: 15 },
  updates: { enabled: true, url: 'https://updates.corp.example/fieldbook/', checkIntervalHours: 6 },
};

/** The Settings page as a desktop user under an administrator's policy sees it, in both themes. */
describe('managed settings', () => {
  it('are listed on the Settings page with the managed mark, readable in light and dark', async () => {
    const data = await preparedDataDir();
    // The browser host serving a core that was handed the policy, as the desktop's utility process is.
    const core = await openCore({ dataDir: data.dir, host: 'browser', watchIntervalMs: 0, policy: POLICY });
    const host = await startBrowserHost({ core, staticDir: join(import.meta.dirname, '..', '..', 'dist', 'renderer'), port: 0 });
    try {
      for (const scheme of ['light', 'dark'] as const) {
        const page = await openApp(host.url, scheme);
        await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
        const heading = page.getByRole('heading', { level: 2, name: 'Managed settings' });
        await heading.waitFor();
        expect(await page.getByText('Managed by your administrator').count()).toBe(4);
        await screenshot(page, `desktop-settings-${scheme}`);
        // The panel itself, whole (the page scrolls inside its main area).
        await page.locator('section', { has: heading }).screenshot({ path: join(SCREENSHOT_DIR, `desktop-managed-settings-${scheme}.png`) });
        expect(await seriousA11yViolations(page)).toEqual([]);
        await page.context().close();
      }
    } finally {
      await host.close();
      core.close();
      data.cleanup();
    }
  });
});

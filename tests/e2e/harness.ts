import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { openCore } from '../../core/api/core';
import type { Core } from '../../core/api/core';

export const SCREENSHOT_DIR = 'test-results/e2e';

/** The real browser host, as a user starts it: `npm run start:browser -- --port 0 --data-dir DIR`. */
export class HostProcess {
  private child: ChildProcessWithoutNullStreams | null = null;
  url = '';

  constructor(readonly dataDir: string) {}

  async start(): Promise<string> {
    const child = spawn('node', ['--import', 'tsx', 'core/host/browserMain.ts', '--port', '0', '--data-dir', this.dataDir]);
    this.child = child;
    let out = '';
    this.url = await new Promise<string>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /Open (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
        if (match?.[1]) done(match[1]);
      });
      child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.once('exit', (code) => fail(new Error(`browser host exited with ${code}: ${out}`)));
    });
    return this.url;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`browser host did not stop cleanly (exit ${code})`);
    this.child = null;
  }
}

export function tempDataDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'fieldbook-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Debian's Chromium, headless. Playwright gives every launch a fresh temporary profile of its own. */
export async function launchChromium(): Promise<{ browser: Browser; cleanup: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    cleanup: () => browser.close(),
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: number;
}

/** Runs axe-core in the page; returns serious and critical violations only. */
export async function seriousA11yViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, which the page's CSP (script-src 'self') does not govern.
  await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A data folder with a saved profile, so the host opens on Accounts rather than the first-run screen. */
export async function preparedDataDir(name = 'Dana Field'): Promise<{ dir: string; cleanup: () => void }> {
  const data = tempDataDir();
  const core = await openCore({ dataDir: data.dir, host: 'in-process', watchIntervalMs: 0 });
  await core.dispatcher.dispatch('profile.save', { name, email: 'dana@example.com', role: 'tam', homeRegion: 'eu', timeZone: 'Europe/Paris' });
  core.close();
  return data;
}

/** A dispatcher call for seeding a data folder before the host opens it: the result's data, or the error thrown. */
export function coreCall(core: Core): (method: string, input: unknown) => Promise<{ id: string }> {
  return async (method, input) => {
    const result = await core.dispatcher.dispatch(method, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.data as { id: string };
  };
}

/** An instant as a datetime-local field takes it, in this machine's zone (the browser's too). */
export function localInput(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The minutes an SLA clock's "N min left" says. */
export async function minutesLeft(page: Page, label: string): Promise<number> {
  const text = await page.locator('.sla-clock', { hasText: label }).locator('.sla-clock__status').innerText();
  const match = /^(\d+) min left$/.exec(text);
  if (!match) throw new Error(`"${label}" says "${text}"`);
  return Number(match[1]);
}

/**
 * One Chromium per test file, and `openApp` for fresh pages in it. Uncaught errors in any page fail the test
 * they happened in.
 */
export function useChromium(): { openApp: (url: string, colorScheme?: 'light' | 'dark') => Promise<Page> } {
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let pageErrors: string[] = [];
  beforeAll(async () => {
    ({ browser, cleanup: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser();
  });
  afterEach(() => {
    const errors = pageErrors;
    pageErrors = [];
    expect(errors).toEqual([]);
  });
  return {
    openApp: async (url, colorScheme = 'light') => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await page.goto(url);
      return page;
    },
  };
}

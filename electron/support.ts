/**
 * Help › About and Help › Copy Diagnostics: gathers what diagnostics.ts formats (versions from the core and
 * the runtime, settings, policy, sync status, recent log lines) and shows or copies it.
 */
import { release } from 'node:os';
import { app, BrowserWindow, clipboard, dialog } from 'electron';
import type { CoreLink, ManagedSettings, SyncStatus } from '../core/api/contract';
import { readVersions } from './coreMethods';
import { aboutLines, formatDiagnostics } from './diagnostics';
import type { RuntimeVersions } from './diagnostics';
import type { RotatingLog } from './logFile';

/** How many log lines a diagnostics report carries. */
export const DIAGNOSTIC_LOG_LINES = 200;

export interface SupportContext {
  link: CoreLink;
  log: RotatingLog;
  dataDir: string;
  settings(): Record<string, unknown>;
  policy: ManagedSettings;
  /** What the update gate decided, in words. */
  updates(): string;
}

function runtimeVersions(): RuntimeVersions {
  return {
    electron: process.versions.electron ?? 'unknown',
    chrome: process.versions.chrome ?? 'unknown',
    node: process.versions.node,
    v8: process.versions.v8,
    platform: process.platform,
    arch: process.arch,
    osRelease: release(),
  };
}

async function readSyncStatus(link: CoreLink): Promise<SyncStatus | null> {
  const envelope = await link.request('sync.status', {});
  return envelope.ok ? (envelope.data as SyncStatus) : null;
}

export async function gatherDiagnostics(context: SupportContext): Promise<string> {
  const [core, sync] = await Promise.all([readVersions(context.link), readSyncStatus(context.link)]);
  return formatDiagnostics({
    appName: app.getName(),
    appVersion: app.getVersion(),
    runtime: runtimeVersions(),
    core,
    packaged: app.isPackaged,
    dataDir: context.dataDir,
    settings: context.settings(),
    policy: context.policy,
    updates: context.updates(),
    sync,
    logLines: context.log.tail(DIAGNOSTIC_LOG_LINES),
    generatedAt: new Date(),
  });
}

export async function copyDiagnostics(context: SupportContext): Promise<void> {
  await clipboard.writeText(await gatherDiagnostics(context));
  context.log.write('info', 'support', 'diagnostics copied to the clipboard');
}

/** The About dialog; its "Copy Diagnostics" button puts the full report on the clipboard. */
export async function showAbout(context: SupportContext): Promise<void> {
  const core = await readVersions(context.link);
  const lines = aboutLines({ appName: app.getName(), appVersion: app.getVersion(), runtime: runtimeVersions(), core });
  const options = {
    type: 'info' as const,
    title: `About ${app.getName()}`,
    message: lines[0] ?? app.getName(),
    detail: lines.slice(1).join('\n'),
    buttons: ['OK', 'Copy Diagnostics'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const window = BrowserWindow.getFocusedWindow();
  const { response } = await (window ? dialog.showMessageBox(window, options) : dialog.showMessageBox(options));
  if (response === 1) await copyDiagnostics(context);
}

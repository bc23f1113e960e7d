/**
 * The About dialog's text and "Copy diagnostics" for a support ticket: versions, settings with secrets
 * removed, the managed policy, sync servers (addresses, no tokens, no records) and recent log lines.
 * Pure: main.ts gathers the inputs, so what may leave the machine is decided and tested here.
 */
import type { CoreVersions, ManagedSettings, SyncStatus } from '../core/api/contract';
import { redactSecrets, scrubLogMessage, settingsForSupport } from './redact';

export interface RuntimeVersions {
  electron: string;
  chrome: string;
  node: string;
  v8: string;
  platform: string;
  arch: string;
  osRelease: string;
}

export interface AboutInput {
  appName: string;
  appVersion: string;
  runtime: RuntimeVersions;
  /** From the core (app.versions); null when the core is not running. */
  core: CoreVersions | null;
}

/** The lines of the About dialog. */
export function aboutLines(input: AboutInput): string[] {
  const { runtime, core } = input;
  return [
    `${input.appName} ${input.appVersion}`,
    `Electron ${runtime.electron} (Chromium ${runtime.chrome})`,
    `Node.js ${runtime.node}, V8 ${runtime.v8}`,
    core ? `SQLite ${core.sqlite}` : 'SQLite: unknown (the core is not running)',
    core ? `Database schema ${core.schema ?? 'empty'} (${core.migrations} migrations)` : 'Database schema: unknown',
    `${runtime.platform} ${runtime.arch} ${runtime.osRelease}`,
  ];
}

export interface DiagnosticsInput extends AboutInput {
  packaged: boolean;
  dataDir: string;
  /** The desktop settings (electron-store), as stored: secrets and record content are taken out here. */
  settings: Record<string, unknown>;
  policy: ManagedSettings;
  updates: string;
  /** null when the core could not answer. */
  sync: SyncStatus | null;
  logLines: string[];
  generatedAt: Date;
}

function syncLines(sync: SyncStatus | null): string[] {
  if (!sync) return ['  (the core could not answer)'];
  if (sync.unavailable) return [`  unavailable: ${scrubLogMessage(sync.unavailable)}`];
  const lines = [`  unsent changes: ${sync.unsent}`, `  refused changes: ${sync.rejections.length}`];
  if (sync.targets.length === 0) lines.push('  no server registered');
  for (const target of sync.targets) {
    lines.push(
      `  ${target.url} region=${target.region} residencies=${target.residencies.join(',')} from=${target.registeredFrom} pending=${target.pending} last=${target.lastSyncAt ?? 'never'}` +
        (target.lastError ? ` error=${scrubLogMessage(target.lastError)}` : ''),
    );
  }
  return lines;
}

/** The text "Copy diagnostics" puts on the clipboard. */
export function formatDiagnostics(input: DiagnosticsInput): string {
  const sections = [
    `Fieldbook diagnostics, ${input.generatedAt.toISOString()}`,
    '',
    '[versions]',
    ...aboutLines(input).map((line) => `  ${line}`),
    `  packaged: ${input.packaged ? 'yes' : 'no'}`,
    '',
    '[data folder]',
    `  ${input.dataDir}`,
    '',
    '[settings]',
    ...JSON.stringify(settingsForSupport(input.settings), null, 2)
      .split('\n')
      .map((line) => `  ${line}`),
    '',
    '[managed by the administrator]',
    ...(input.policy.source
      ? JSON.stringify(input.policy, null, 2)
          .split('\n')
          .map((line) => `  ${line}`)
      : ['  nothing (no policy file)']),
    '',
    '[updates]',
    `  ${input.updates}`,
    '',
    '[sync]',
    ...syncLines(input.sync),
    '',
    `[log, last ${input.logLines.length} lines]`,
    ...input.logLines.map((line) => `  ${scrubLogMessage(line)}`),
    '',
  ];
  // Whatever slipped into a setting or an address, secrets never leave.
  return redactSecrets(sections.join('\n'));
}

/**
 * Updates through electron-updater from the administrator's internal feed (a "generic" provider: a folder
 * of installers and latest*.yml files on an internal web server). Off unless the policy file turns them on;
 * never in a development build.
 *
 * Windows fails closed: electron-updater's own check accepts an installer when no publisher name is
 * configured, when app-update.yml is missing, or when PowerShell errors. Here the feed configuration
 * (publisher names included) is written by the app itself, and the verifier accepts only a valid
 * Authenticode signature whose subject matches a publisher this build was made with; anything else,
 * including any error while checking, rejects the update. A build that names no publisher gets no updates
 * on Windows at all.
 */
import { execFile } from 'node:child_process';
import { normalize } from 'node:path';
import type { ManagedSettings } from '../core/api/contract';

export type UpdateDecision =
  | { enabled: false; reason: string }
  | { enabled: true; feedUrl: string; checkIntervalHours: number; publisherNames: string[] };

export interface UpdateGate {
  policy: ManagedSettings['updates'];
  isPackaged: boolean;
  platform: NodeJS.Platform;
  /** The Windows code-signing subjects this build was made with (build/release.mjs). */
  publisherNames: readonly string[];
}

/** Whether and where to look for updates: the one gate. */
export function decideUpdates(gate: UpdateGate): UpdateDecision {
  if (!gate.policy) return { enabled: false, reason: 'Updates are off: no administrator policy turns them on.' };
  if (!gate.policy.enabled) return { enabled: false, reason: 'Your administrator turned updates off.' };
  if (!gate.isPackaged) return { enabled: false, reason: 'Updates apply only to an installed build, not to a development run.' };
  if (gate.platform === 'win32' && gate.publisherNames.length === 0) {
    return {
      enabled: false,
      reason: 'Updates are off: this build names no Windows publisher to verify installers against, so an update could not be checked.',
    };
  }
  return { enabled: true, feedUrl: gate.policy.url, checkIntervalHours: gate.policy.checkIntervalHours, publisherNames: [...gate.publisherNames] };
}

/** The feed configuration electron-updater reads (JSON is valid YAML), written by the app, not the packager. */
export function updateConfig(decision: Extract<UpdateDecision, { enabled: true }>): Record<string, unknown> {
  return {
    provider: 'generic',
    url: decision.feedUrl,
    updaterCacheDirName: 'fieldbook-updater',
    ...(decision.publisherNames.length > 0 ? { publisherName: decision.publisherNames } : {}),
  };
}

/** `CN=Example Corp, O=Example Corp, C=US` → Map { CN → Example Corp, … }; quoted values keep their commas. */
export function parseDistinguishedName(dn: string): Map<string, string> {
  const parts = new Map<string, string>();
  for (const match of dn.matchAll(/\s*([A-Za-z0-9.]+)\s*=\s*("(?:[^"]|"")*"|[^,]*)\s*(?:,|$)/g)) {
    const key = match[1]?.toUpperCase();
    let value = (match[2] ?? '').trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1).replace(/""/g, '"');
    if (key) parts.set(key, value);
  }
  return parts;
}

function publisherMatches(subject: Map<string, string>, name: string): boolean {
  if (!name.includes('=')) return subject.get('CN') === name;
  const wanted = parseDistinguishedName(name);
  if (wanted.size === 0) return false;
  return [...wanted].every(([key, value]) => subject.get(key) === value);
}

/**
 * Judges `Get-AuthenticodeSignature … | ConvertTo-Json` output: null when the file is validly signed by
 * one of `publisherNames`, otherwise why not. Anything unreadable is a rejection.
 */
export function judgeAuthenticode(output: string, file: string, publisherNames: readonly string[]): string | null {
  if (publisherNames.length === 0) return 'no publisher is configured to verify against';
  let data: { Status?: unknown; StatusMessage?: unknown; Path?: unknown; SignerCertificate?: { Subject?: unknown } | null };
  try {
    data = JSON.parse(output) as typeof data;
  } catch {
    return 'the signature check gave no readable answer';
  }
  if (typeof data !== 'object' || data === null) return 'the signature check gave no readable answer';
  // 0 is SignatureStatus.Valid; NotSigned, HashMismatch, UnknownError … are all refusals.
  if (data.Status !== 0) return `the installer is not validly signed (${typeof data.StatusMessage === 'string' ? data.StatusMessage : `status ${String(data.Status)}`})`;
  if (typeof data.Path === 'string' && normalize(data.Path) !== normalize(file)) return 'the signature check looked at another file';
  const subject = data.SignerCertificate?.Subject;
  if (typeof subject !== 'string' || subject === '') return 'the installer has no signer certificate';
  const parsed = parseDistinguishedName(subject);
  if (!publisherNames.some((name) => publisherMatches(parsed, name))) return `the installer is signed by "${subject}", not by ${publisherNames.join(' or ')}`;
  return null;
}

/** Runs PowerShell's Get-AuthenticodeSignature on `file` and returns its JSON text. */
export function runAuthenticode(file: string): Promise<string> {
  // Single quotes are doubled: PowerShell's own escaping inside a single-quoted literal.
  const literal = file.replace(/'/g, "''");
  return new Promise((resolve, reject) => {
    execFile(
      'powershell.exe',
      ['-NoProfile', '-NonInteractive', '-InputFormat', 'None', '-Command', `Get-AuthenticodeSignature -LiteralPath '${literal}' | ConvertTo-Json -Compress`],
      { timeout: 20_000, windowsHide: true },
      (error, stdout, stderr) => {
        if (error) reject(new Error(error.message));
        else if (stderr.trim() !== '') reject(new Error(stderr.trim()));
        else resolve(stdout);
      },
    );
  });
}

/** electron-updater's verifier hook, failing closed: any error is a rejection. */
export function failClosedVerifier(publisherNames: readonly string[], run: (file: string) => Promise<string> = runAuthenticode) {
  return async (_configured: string[], file: string): Promise<string | null> => {
    try {
      return judgeAuthenticode(await run(file), file, publisherNames);
    } catch (error) {
      return `the signature could not be checked (${error instanceof Error ? error.message : String(error)})`;
    }
  };
}

/** The parts of electron-updater's AppUpdater (and NsisUpdater on Windows) this module sets. */
export interface UpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  allowPrerelease: boolean;
  updateConfigPath: string | null;
  logger: { info(message?: unknown): void; warn(message?: unknown): void; error(message?: unknown): void; debug?(message: string): void } | null;
  verifyUpdateCodeSignature?: (publisherNames: string[], path: string) => Promise<string | null>;
  disableWebInstaller?: boolean;
  checkForUpdates(): Promise<unknown>;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface StartUpdatesOptions {
  decision: Extract<UpdateDecision, { enabled: true }>;
  updater: UpdaterLike;
  platform: NodeJS.Platform;
  /** Where the feed configuration is written (in userData). */
  configPath: string;
  writeFile: (path: string, text: string) => void;
  onReady: (version: string) => void;
  log: (level: 'info' | 'warn' | 'error', message: string) => void;
  verifier?: (publisherNames: string[], path: string) => Promise<string | null>;
  /** First check after this delay, then every `checkIntervalHours`. */
  firstCheckMs?: number;
}

export interface RunningUpdates {
  check(): Promise<void>;
  stop(): void;
}

export function startUpdates(options: StartUpdatesOptions): RunningUpdates {
  const { decision, updater, log } = options;
  options.writeFile(options.configPath, `${JSON.stringify(updateConfig(decision), null, 2)}\n`);
  updater.updateConfigPath = options.configPath;
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = true;
  updater.allowDowngrade = false;
  updater.allowPrerelease = false;
  updater.logger = {
    info: (message) => log('info', String(message)),
    warn: (message) => log('warn', String(message)),
    error: (message) => log('error', String(message)),
  };
  if (options.platform === 'win32') {
    // An installer that downloads more at install time would escape the signature check.
    updater.disableWebInstaller = true;
    updater.verifyUpdateCodeSignature = options.verifier ?? failClosedVerifier(decision.publisherNames);
  }
  updater.on('update-downloaded', (info) => options.onReady(info.version));
  updater.on('error', (error) => log('warn', `update check failed: ${error.message}`));

  const check = async (): Promise<void> => {
    try {
      await updater.checkForUpdates();
    } catch (error) {
      log('warn', `update check failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const first = setTimeout(() => void check(), options.firstCheckMs ?? 30_000);
  const every = setInterval(() => void check(), decision.checkIntervalHours * 3_600_000);
  first.unref?.();
  every.unref?.();
  return {
    check,
    stop: () => {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}

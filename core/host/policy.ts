/**
 * The administrator's policy file (managed settings): where the operating system keeps it, its schema, and
 * the loader. An administrator uses it to pre-set and lock the sync servers and their regions, set the
 * forgotten-timer limit and the idle threshold, and turn updates off or point them at an internal feed.
 *
 * A file that is present but wrong stops the app with a clear message: starting anyway would silently drop
 * the locks the administrator meant to set. No file means nothing is managed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { z } from 'zod';
import type { ManagedSettings } from '../api/contract';
import { UNMANAGED } from '../api/installation';

/** Names a policy file explicitly; it must then exist (a typo must not quietly drop the policy). */
export const POLICY_ENV = 'FIELDBOOK_POLICY_FILE';
export const POLICY_FILE = 'policy.json';
/** Bigger than any sane policy: a huge file is a mistake or an attack, refused before parsing. */
const MAX_POLICY_BYTES = 256 * 1024;

/** The standard, admin-writable location per platform. */
export function standardPolicyPath(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): string {
  if (platform === 'win32') return win32.join(env['ProgramData'] ?? env['PROGRAMDATA'] ?? 'C:\\ProgramData', 'Fieldbook', POLICY_FILE);
  if (platform === 'darwin') return join('/Library/Application Support/Fieldbook', POLICY_FILE);
  return join('/etc/fieldbook', POLICY_FILE);
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '127.0.0.1' || hostname === '[::1]';
}

/** https, or http to this machine only; no credentials in the address. */
const serverUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      if (url.username !== '' || url.password !== '') return false;
      return url.protocol === 'https:' || (url.protocol === 'http:' && isLoopback(url.hostname));
    } catch {
      return false;
    }
  }, 'must be an https:// address (http:// only for this machine) without a user name or password');

/** Update feeds are https only: on Linux the feed's own checksums are all that vouch for a download. */
const feedUrl = z
  .string()
  .trim()
  .max(2000)
  .refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'https:' && url.username === '' && url.password === '';
    } catch {
      return false;
    }
  }, 'must be an https:// address without a user name or password');

export const policyFileSchema = z
  .object({
    version: z.literal(1, 'must be 1'),
    sync: z
      .object({
        servers: z
          .array(
            z
              .object({
                url: serverUrl,
                region: z.string().trim().min(1).max(64).optional(),
                label: z.string().trim().min(1).max(100).optional(),
              })
              .strict(),
          )
          .max(20),
        /** true: this device may register only with the servers above. */
        locked: z.boolean().default(false),
      })
      .strict()
      .refine((sync) => !sync.locked || sync.servers.length > 0, 'locks registration but lists no server')
      .optional(),
    timer: z
      .object({
        /** A timer running longer than this counts as forgotten. */
        forgottenAfterHours: z.number().int().min(1).max(24).optional(),
        /** Idle time (or sleep) while a timer runs, after which the app asks what to do with it. */
        idleAfterMinutes: z.number().int().min(1).max(240).optional(),
      })
      .strict()
      .optional(),
    updates: z
      .discriminatedUnion('enabled', [
        z.object({ enabled: z.literal(false) }).strict(),
        z
          .object({
            enabled: z.literal(true),
            url: feedUrl,
            checkIntervalHours: z.number().int().min(1).max(168).default(6),
          })
          .strict(),
      ])
      .optional(),
  })
  .strict();
export type PolicyFile = z.infer<typeof policyFileSchema>;

/** A policy file that exists but cannot be used; the message names the file and every problem. */
export class PolicyError extends Error {
  constructor(
    readonly path: string,
    readonly problems: string[],
  ) {
    super(`The administrator's policy file ${path} cannot be used:\n${problems.map((p) => `  • ${p}`).join('\n')}\nFieldbook will not start without it. Ask your administrator to correct the file.`);
    this.name = 'PolicyError';
  }
}

function issuePath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text ? `${text}.${String(key)}` : String(key)), '');
}

/** Parses policy text; throws PolicyError with one line per problem. */
export function parsePolicy(text: string, path: string): PolicyFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PolicyError(path, [`it is not valid JSON (${(error as Error).message})`]);
  }
  const parsed = policyFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new PolicyError(
      path,
      parsed.error.issues.map((issue) => {
        const where = issuePath(issue.path);
        if (issue.code === 'unrecognized_keys') return `${where || 'the file'}: unknown setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
        return `${where || 'the file'}: ${issue.message}`;
      }),
    );
  }
  return parsed.data;
}

export interface LoadedPolicy {
  /** null when no policy applies. */
  policy: PolicyFile | null;
  /** The file that was read; null when none was. */
  source: string | null;
}

export interface PolicySources {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** Tests pass their own file reader; the default reads from disk. */
  readFile?: (path: string) => string;
  exists?: (path: string) => boolean;
}

/** Reads the policy: FIELDBOOK_POLICY_FILE if set (it must exist), else the standard location if present. */
export function loadPolicy(sources: PolicySources): LoadedPolicy {
  const exists = sources.exists ?? existsSync;
  const read = sources.readFile ?? ((path: string) => readFileSync(path, 'utf8'));
  const override = sources.env[POLICY_ENV]?.trim();
  const path = override ? override : standardPolicyPath(sources.platform, sources.env);
  if (!exists(path)) {
    if (override) throw new PolicyError(path, [`${POLICY_ENV} names this file, but it does not exist`]);
    return { policy: null, source: null };
  }
  let text: string;
  try {
    text = read(path);
  } catch (error) {
    throw new PolicyError(path, [`it cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`]);
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_POLICY_BYTES) throw new PolicyError(path, [`it is larger than ${MAX_POLICY_BYTES / 1024} KiB`]);
  return { policy: parsePolicy(text, path), source: path };
}

/** What the app shows and enforces (app.policy): the parts the policy sets, null for the rest. */
export function managedSettings(loaded: LoadedPolicy): ManagedSettings {
  const { policy, source } = loaded;
  if (!policy) return UNMANAGED;
  return {
    source,
    sync: policy.sync
      ? {
          servers: policy.sync.servers.map((s) => ({ url: s.url.replace(/\/+$/, ''), region: s.region ?? null, label: s.label ?? null })),
          locked: policy.sync.locked,
        }
      : null,
    timer: policy.timer
      ? { forgottenAfterHours: policy.timer.forgottenAfterHours ?? null, idleAfterMinutes: policy.timer.idleAfterMinutes ?? null }
      : null,
    updates: policy.updates
      ? policy.updates.enabled
        ? { enabled: true, url: policy.updates.url, checkIntervalHours: policy.updates.checkIntervalHours }
        : { enabled: false }
      : null,
  };
}

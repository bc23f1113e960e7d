import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import { resolveDataDir } from '../store/dataDir';
import { FieldbookError } from '../model';
import type { Account } from '../model';
import { SyncStateRepo } from '../store/syncState';
import { registerTarget, syncTarget } from '../sync/engine';
import { FileSecretStore } from '../sync/secrets';
import { TIME_USAGE, timeCommand } from './time';
import { WORKSPACE_SLA_USAGE, isWorkspaceSlaArea, workspaceSlaCommand } from './workspace-sla';
import { TEAM_CLI_USAGE, isTeamCliArea, teamCommand } from './workspace-team';
import { REVIEWS_USAGE, workspaceReviewsCli } from './workspace-reviews';
import { IMPORT_USAGE, importCommand } from './import';
import { TIME_IO_USAGE, timeIoCommand } from './timesheet-io';
import { BUNDLE_USAGE, BundleUsageError, bundleCli } from './bundles';
import { REPORT_USAGE, reportCommand } from './reports';

const USAGE = `Usage: fieldbook [--data-dir DIR] <command>

Commands:
  accounts add --name NAME [--tier T] [--segment S] [--residency R] [--clearance C]
               [--stage STAGE] [--health green|amber|red] [--notes TEXT]
                                   Create an account; prints it as JSON.
  accounts list [--json]           List accounts (a table, or JSON with --json).
  accounts show ID                 Print one account as JSON.
  accounts delete ID               Delete an account.
  device register --server URL --token TOKEN
                                   Register this data folder with a sync server.
  sync [--status] [--json]         Sync once with every registered server (or show the status).
${TIME_USAGE}
${WORKSPACE_SLA_USAGE}
${TEAM_CLI_USAGE}
${REVIEWS_USAGE}
${IMPORT_USAGE}
${TIME_IO_USAGE}
${BUNDLE_USAGE}
${REPORT_USAGE}

The data folder is --data-dir, else FIELDBOOK_DATA_DIR, else the desktop app's folder.`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

class UsageError extends Error {}

async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const result = await core.link.request(method, input);
  if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
  return result.data as T;
}

function table(accounts: Account[]): string {
  if (accounts.length === 0) return 'No accounts yet. Add one with: fieldbook accounts add --name NAME';
  const rows = accounts.map((a) => [a.name, a.tier, a.stage, a.health, a.residency, a.clearance ?? '-', a.id]);
  const head = ['NAME', 'TIER', 'STAGE', 'HEALTH', 'RESIDENCY', 'CLEARANCE', 'ID'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ args, options: options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function run(argv: string[], io: CliIo): Promise<number> {
  // Global options come before the command; each command parses its own options strictly.
  let split = 0;
  while (split < argv.length && argv[split]?.startsWith('-')) split += argv[split] === '--data-dir' ? 2 : 1;
  const global = parse(argv.slice(0, split), { 'data-dir': { type: 'string' }, help: { type: 'boolean', short: 'h' } });
  const [area, action, ...rest] = argv.slice(split);
  if (global.values['help'] || !area) {
    io.out(USAGE);
    return global.values['help'] ? 0 : 2;
  }
  const dataDir = resolveDataDir(global.values['data-dir'] as string | undefined);
  if (area === 'device' || area === 'sync') return syncCommand(dataDir, area, [action, ...rest].filter((a): a is string => a !== undefined), io);
  // Export and import first: the time commands would otherwise take `timesheet export` and `time import`.
  if ((area === 'timesheet' && action === 'export') || (area === 'time' && action === 'import')) return timeIoCommand(dataDir, area, [action, ...rest], io);
  if (area === 'time' || area === 'timesheet') return timeCommand(dataDir, area, [action, ...rest].filter((a): a is string => a !== undefined), io);
  if (isWorkspaceSlaArea(area)) return workspaceSlaCommand(dataDir, area, action, rest, io);
  if (isTeamCliArea(area)) return teamCommand(dataDir, area, [action, ...rest].filter((a): a is string => a !== undefined), io);
  if (area === 'reviews' || area === 'actions') return workspaceReviewsCli(dataDir, area, [action, ...rest].filter((a): a is string => a !== undefined), io);
  if (area === 'import') return importCommand(dataDir, [action, ...rest].filter((a): a is string => a !== undefined), io);
  if (area === 'report') return reportCommand(dataDir, [action, ...rest].filter((a): a is string => a !== undefined), io);
  if (area === 'bundle') return bundleCli(dataDir, [action, ...rest].filter((a): a is string => a !== undefined), io);
  if (area !== 'accounts' || !action) throw new UsageError(`Unknown command "${[area, action].filter(Boolean).join(' ')}".`);

  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    switch (action) {
      case 'add': {
        const { values } = parse(rest, {
          name: { type: 'string' },
          tier: { type: 'string' },
          segment: { type: 'string' },
          residency: { type: 'string' },
          clearance: { type: 'string' },
          stage: { type: 'string' },
          health: { type: 'string' },
          notes: { type: 'string' },
        });
        if (values['name'] === undefined) throw new UsageError('accounts add needs --name NAME.');
        const account = await call<Account>(core, 'accounts.create', values);
        io.out(JSON.stringify(account, null, 2));
        return 0;
      }
      case 'list': {
        const { values } = parse(rest, { json: { type: 'boolean' } });
        const accounts = await call<Account[]>(core, 'accounts.list', {});
        io.out(values['json'] ? JSON.stringify(accounts, null, 2) : table(accounts));
        return 0;
      }
      case 'show':
      case 'delete': {
        const { positionals } = parse(rest, {});
        const id = positionals[0];
        if (!id) throw new UsageError(`accounts ${action} needs an account id.`);
        const method = action === 'show' ? 'accounts.get' : 'accounts.delete';
        io.out(JSON.stringify(await call<unknown>(core, method, { id }), null, 2));
        return 0;
      }
      default:
        throw new UsageError(`Unknown command "accounts ${action}".`);
    }
  } finally {
    core.close();
  }
}

async function syncCommand(dataDir: string, area: 'device' | 'sync', args: string[], io: CliIo): Promise<number> {
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  const secrets = new FileSecretStore(dataDir);
  const repo = new SyncStateRepo(core.store);
  try {
    if (area === 'device') {
      const [action, ...rest] = args;
      if (action !== 'register') throw new UsageError(`Unknown command "device ${action ?? ''}".`);
      const { values } = parse(rest, { server: { type: 'string' }, token: { type: 'string' } });
      if (!values['server'] || !values['token']) throw new UsageError('device register needs --server URL and --token TOKEN.');
      const target = await registerTarget(core.store, secrets, { url: values['server'] as string, token: values['token'] as string, from: 'cli' });
      io.out(JSON.stringify({ registered: target.url, region: target.region, residencies: target.residencies }, null, 2));
      return 0;
    }
    const { values } = parse(args, { status: { type: 'boolean' }, json: { type: 'boolean' } });
    const targets = repo.listTargets().filter((t) => t.kind === 'online');
    if (values['status']) {
      const status = {
        unsent: repo.unsentCount(),
        targets: repo.listTargets().map((t) => ({ kind: t.kind, url: t.url, region: t.region, residencies: t.residencies, pending: repo.pendingFor(t.id), lastSyncAt: t.lastSyncAt, lastError: t.lastError, suspended: t.suspended })),
        rejections: repo.rejections().map((r) => ({ table: r.table, id: r.rowId, code: r.code, message: r.message, at: r.at })),
      };
      io.out(values['json'] ? JSON.stringify(status, null, 2) : describeStatus(status));
      return 0;
    }
    if (targets.length === 0) throw new FieldbookError('not_found', 'This data folder is not registered with any sync server. Run: fieldbook device register --server URL --token TOKEN');
    const foreign = targets.filter((t) => t.registeredFrom !== 'cli');
    if (foreign.length > 0) throw new FieldbookError('forbidden', `${foreign[0]?.url} was registered from the desktop app; sync it from there.`);
    let failed = false;
    for (const target of targets) {
      try {
        const s = await syncTarget(core.store, secrets, target);
        io.out(values['json'] ? JSON.stringify(s) : `${s.target}: sent ${s.pushed}, refused ${s.rejected}, received ${s.pulled}${s.revoked.length ? `, removed ${s.revoked.length} revoked account(s)` : ''}`);
      } catch (error) {
        failed = true;
        io.err(`fieldbook: ${target.url}: ${(error as Error).message}`);
      }
    }
    return failed ? 1 : 0;
  } finally {
    core.close();
  }
}

function describeStatus(status: {
  unsent: number;
  targets: Array<{ url: string; pending: number; lastSyncAt: string | null; lastError: string | null; suspended: string | null }>;
  rejections: Array<{ code: string; message: string }>;
}): string {
  if (status.targets.length === 0) return `Not registered with a sync server. ${status.unsent} local change(s) wait to be sent.`;
  const lines = status.targets.map(
    (t) => `${t.url}: ${t.pending} pending, last sync ${t.lastSyncAt ?? 'never'}${t.suspended ? ` — must register again: ${t.suspended}` : t.lastError ? ` — error: ${t.lastError}` : ''}`,
  );
  if (status.rejections.length > 0) lines.push(`${status.rejections.length} change(s) refused by a server; see sync --status --json.`);
  return lines.join('\n');
}

/** Runs the CLI; returns the exit code. Errors are printed for people, never as stack traces. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || error instanceof BundleUsageError) {
      io.err(`fieldbook: ${error.message}\n\n${USAGE}`);
      return 2;
    }
    if (error instanceof FieldbookError) {
      io.err(`fieldbook: ${error.message}`);
      return error.code === 'invalid' ? 2 : 1;
    }
    io.err(`fieldbook: unexpected error: ${(error as Error).message}`);
    return 1;
  }
}

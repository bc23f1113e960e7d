import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import { resolveDataDir } from '../store/dataDir';
import { FieldbookError } from '../model';
import type { Account } from '../model';

const USAGE = `Usage: fieldbook [--data-dir DIR] <command>

Commands:
  accounts add --name NAME [--tier T] [--segment S] [--residency R] [--clearance C]
               [--stage STAGE] [--health green|amber|red] [--notes TEXT]
                                   Create an account; prints it as JSON.
  accounts list [--json]           List accounts (a table, or JSON with --json).
  accounts show ID                 Print one account as JSON.
  accounts delete ID               Delete an account.

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
  if (area !== 'accounts' || !action) throw new UsageError(`Unknown command "${[area, action].filter(Boolean).join(' ')}".`);

  const dataDir = resolveDataDir(global.values['data-dir'] as string | undefined);
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

/** Runs the CLI; returns the exit code. Errors are printed for people, never as stack traces. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
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

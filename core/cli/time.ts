import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import { FieldbookError, TIME_CATEGORIES, formatDuration, localDate, parseDuration, weekOf } from '../model';
import type { Account, PendingEntry, PendingWeek, TimeEntry, TimesheetView } from '../model';

/** Usage lines of the time commands; main.ts prints them with the rest. */
export const TIME_USAGE = `  time add --account A --date DATE --minutes M [--sku S] [--category C]
           [--billable|--no-billable] [--note TEXT]
                                   Log time (A: account id or exact name; M: minutes, or 1h30).
  time list [--from DATE] [--to DATE] [--account A] [--everyone] [--json]
                                   List your time entries (everyone's with --everyone).
  timesheet submit|withdraw [--week 2026-W48]
                                   Submit your week (default: this week), or take it back.
  timesheet approve --user U --week W
  timesheet reject --user U --week W --reason TEXT
                                   Decide on a submitted week (managers and admins).
  timesheet show [--user U] [--week W] [--json]
  timesheet pending [--json]       Weeks and entries waiting for a manager.`;

export interface TimeCliIo {
  out(text: string): void;
}

/** A usage mistake: exit code 2, like the core's `invalid`. */
const usage = (message: string) => new FieldbookError('invalid', `${message} See fieldbook --help.`);

function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O) {
  try {
    return parseArgs({ args, options, allowPositionals: false, strict: true } as const);
  } catch (error) {
    throw usage((error as Error).message);
  }
}

async function call<T>(core: Core, method: string, input: unknown): Promise<T> {
  const result = await core.link.request(method, input);
  if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
  return result.data as T;
}

/** An account by id, or by its exact name (case does not matter) for people typing at a prompt. */
async function resolveAccount(core: Core, value: string): Promise<Account> {
  const accounts = await call<Account[]>(core, 'accounts.list', {});
  const byId = accounts.find((a) => a.id === value);
  if (byId) return byId;
  const byName = accounts.filter((a) => a.name.toLowerCase() === value.toLowerCase());
  if (byName.length === 1 && byName[0]) return byName[0];
  if (byName.length > 1) throw new FieldbookError('invalid', `${byName.length} accounts are named "${value}"; use the account id.`);
  throw new FieldbookError('not_found', `No account "${value}". List them with: fieldbook accounts list`);
}

/** `--minutes 90` is minutes; a written duration (1h30, 1:30) is read like the app's quick entry. */
function minutesOf(text: string): number {
  if (/^\d+$/.test(text.trim())) return Number(text);
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new FieldbookError('invalid', `--minutes: ${parsed.message}`);
  return parsed.minutes;
}

function entryTable(entries: TimeEntry[], names: Map<string, string>): string {
  if (entries.length === 0) return 'No time entries. Log some with: fieldbook time add --account A --date DATE --minutes M';
  const rows = entries.map((e) => [e.date, formatDuration(e.minutes), names.get(e.accountId) ?? e.accountId, e.category, e.sku ?? '-', e.billable ? 'yes' : 'no', e.status, e.id]);
  const head = ['DATE', 'TIME', 'ACCOUNT', 'CATEGORY', 'SKU', 'BILLABLE', 'STATUS', 'ID'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const total = entries.reduce((sum, e) => sum + e.minutes, 0);
  return [head, ...rows]
    .map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd())
    .concat(`Total ${formatDuration(total)}`)
    .join('\n');
}

function describeSheet(sheet: TimesheetView): string {
  const lines = [`${sheet.week} (${sheet.userId}): ${sheet.status}${sheet.approvedBy ? ` by ${sheet.approvedBy} at ${sheet.approvedAt ?? ''}` : ''}`];
  if (sheet.rejection) lines.push(`Rejected by ${sheet.rejection.actor}: ${sheet.rejection.reason}`);
  for (const e of sheet.history) lines.push(`  ${e.at}  ${e.action.padEnd(14)} ${e.actor}${e.reason ? `  "${e.reason}"` : ''}`);
  return lines.join('\n');
}

/** `fieldbook time …` and `fieldbook timesheet …`: the same API calls, rules and errors as the app. */
export async function timeCommand(dataDir: string, area: 'time' | 'timesheet', args: string[], io: TimeCliIo): Promise<number> {
  const [action, ...rest] = args;
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    if (area === 'time') return await timeAction(core, action, rest, io);
    return await timesheetAction(core, action, rest, io);
  } finally {
    core.close();
  }
}

async function timeAction(core: Core, action: string | undefined, rest: string[], io: TimeCliIo): Promise<number> {
  switch (action) {
    case 'add': {
      const { values } = parse(rest, {
        account: { type: 'string' },
        date: { type: 'string' },
        minutes: { type: 'string' },
        sku: { type: 'string' },
        category: { type: 'string' },
        billable: { type: 'boolean' },
        'no-billable': { type: 'boolean' },
        note: { type: 'string' },
      });
      const { account, date, minutes } = values;
      if (account === undefined || date === undefined || minutes === undefined) throw usage('time add needs --account A, --date DATE and --minutes M.');
      if (values.billable && values['no-billable']) throw usage('Give --billable or --no-billable, not both.');
      const category = values.category ?? 'remote';
      if (!(TIME_CATEGORIES as readonly string[]).includes(category)) {
        throw new FieldbookError('invalid', `Unknown category "${category}". Choose one of: ${TIME_CATEGORIES.join(', ')}.`);
      }
      const entry = await call<TimeEntry>(core, 'time.add', {
        accountId: (await resolveAccount(core, account)).id,
        date,
        minutes: minutesOf(minutes),
        category,
        sku: values.sku ?? null,
        billable: values.billable ? true : values['no-billable'] ? false : null,
        note: values.note ?? '',
      });
      io.out(JSON.stringify(entry, null, 2));
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, {
        from: { type: 'string' },
        to: { type: 'string' },
        account: { type: 'string' },
        everyone: { type: 'boolean' },
        json: { type: 'boolean' },
      });
      const accountId = values.account === undefined ? undefined : (await resolveAccount(core, values.account)).id;
      const entries = await call<TimeEntry[]>(core, 'time.list', {
        ...(values.from ? { from: values.from } : {}),
        ...(values.to ? { to: values.to } : {}),
        ...(accountId ? { accountId } : {}),
        ...(values.everyone ? { everyone: true } : {}),
      });
      if (values.json) io.out(JSON.stringify(entries, null, 2));
      else {
        const names = new Map((await call<Account[]>(core, 'accounts.list', {})).map((a) => [a.id, a.name]));
        io.out(entryTable(entries, names));
      }
      return 0;
    }
    default:
      throw usage(`Unknown command "time ${action ?? ''}".`);
  }
}

async function timesheetAction(core: Core, action: string | undefined, rest: string[], io: TimeCliIo): Promise<number> {
  const thisWeek = () => weekOf(localDate(new Date(), Intl.DateTimeFormat().resolvedOptions().timeZone));
  switch (action) {
    case 'submit':
    case 'withdraw': {
      const { values } = parse(rest, { week: { type: 'string' } });
      io.out(describeSheet(await call<TimesheetView>(core, `timesheet.${action}`, { week: values.week ?? thisWeek() })));
      return 0;
    }
    case 'approve':
    case 'reject': {
      const { values } = parse(rest, { user: { type: 'string' }, week: { type: 'string' }, reason: { type: 'string' } });
      if (!values.user || !values.week) throw usage(`timesheet ${action} needs --user U and --week W.`);
      if (action === 'reject' && values.reason === undefined) throw usage('timesheet reject needs --reason TEXT: say what to fix.');
      const input = { userId: values.user, week: values.week, ...(action === 'reject' ? { reason: values.reason } : {}) };
      io.out(describeSheet(await call<TimesheetView>(core, `timesheet.${action}`, input)));
      return 0;
    }
    case 'show': {
      const { values } = parse(rest, { user: { type: 'string' }, week: { type: 'string' }, json: { type: 'boolean' } });
      const sheet = await call<TimesheetView>(core, 'timesheet.get', { week: values.week ?? thisWeek(), ...(values.user ? { userId: values.user } : {}) });
      io.out(values.json ? JSON.stringify(sheet, null, 2) : describeSheet(sheet));
      return 0;
    }
    case 'pending': {
      const { values } = parse(rest, { json: { type: 'boolean' } });
      const pending = await call<{ weeks: PendingWeek[]; entries: PendingEntry[] }>(core, 'timesheet.pending', {});
      if (values.json) io.out(JSON.stringify(pending, null, 2));
      else if (pending.weeks.length === 0 && pending.entries.length === 0) io.out('Nothing waits for approval.');
      else {
        for (const w of pending.weeks) io.out(`${w.week}  ${w.userId}  ${formatDuration(w.minutes)} (${formatDuration(w.billableMinutes)} billable)`);
        for (const p of pending.entries) io.out(`${p.week}  ${p.entry.userId}  ${p.original ? 'adjustment' : 'late entry'} ${p.entry.date} ${formatDuration(p.entry.minutes)}  ${p.entry.id}`);
      }
      return 0;
    }
    default:
      throw usage(`Unknown command "timesheet ${action ?? ''}".`);
  }
}

import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import type { InputOf, MethodName, OutputOf } from '../api/contract';
import { ENGAGEMENT_KIND_LABELS, FieldbookError, describeSlaTarget } from '../model';
import type { Engagement, IncidentView, SupportContract } from '../model';

/**
 * `fieldbook contracts|incidents|engagements …`: the same services as the app, through the same contract.
 * Each command is one call, so a refused one writes nothing.
 */
export const WORKSPACE_SLA_AREAS = ['contracts', 'incidents', 'engagements'] as const;
type Area = (typeof WORKSPACE_SLA_AREAS)[number];

export const WORKSPACE_SLA_USAGE = `  contracts add --account ID --tier T --from DATE --to DATE [--hours N --per month|quarter|year]
                [--add-on CODE]... [--time-zone ZONE] [--staff NAME]... [--notes TEXT] [--json]
                                   Sell a contract from the tier's terms (SLA targets, coverage, SKUs).
  contracts list --account ID [--json]
  contracts end ID --on DATE       End a contract early (its last day in force).
  contracts delete ID
  incidents add --account ID --severity 1-4 [--opened ISO|now] [--summary TEXT] [--json]
  incidents list [--account ID] [--open] [--json]
                                   Incidents with their SLA clocks as of now.
  incidents respond|pause|resume ID [--at ISO]
  incidents update ID [--at ISO]   Record a customer update.
  incidents engage ID --role support_engineer|developer|incident_manager [--name NAME] [--at ISO]
  incidents resolve ID [--at ISO] [--summary TEXT]
  engagements add --account ID --kind weekly_call|onsite_visit|qbr|escalation|email --title TEXT
                  [--at ISO] [--attendees TEXT] [--notes TEXT] [--minutes TEXT] [--json]
  engagements list --account ID [--json]`;

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export function isWorkspaceSlaArea(area: string): area is Area {
  return (WORKSPACE_SLA_AREAS as readonly string[]).includes(area);
}

function usage(message: string): FieldbookError {
  return new FieldbookError('invalid', message);
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw usage((error as Error).message);
  }
}

async function call<K extends MethodName>(core: Core, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await core.link.request(method, input);
  if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
  return result.data as OutputOf<K>;
}

/** A fixed-width table: header, then rows. */
function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strs = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

function need(value: unknown, what: string): string {
  const s = str(value);
  if (s === undefined || s.trim() === '') throw usage(`${what} is required.`);
  return s;
}

/** "now" or nothing means the current time (the service stamps it); anything else is passed on as given. */
const instant = (value: unknown): string | undefined => {
  const s = str(value);
  return s === undefined || s === 'now' ? undefined : s;
};

function number(value: unknown, what: string): number | undefined {
  const s = str(value);
  if (s === undefined) return undefined;
  const n = Number(s);
  if (s.trim() === '' || !Number.isFinite(n)) throw usage(`${what} must be a number, not "${s}".`);
  return n;
}

function positional(positionals: string[], what: string): string {
  const id = positionals[0];
  if (!id) throw usage(`${what} needs an id.`);
  return id;
}

function contractLine(c: SupportContract): string[] {
  return [c.tier, c.startsOn, c.endsOn, `${c.includedHours} h/${c.hoursPeriod}`, c.coverage.kind === '24x7' ? '24x7' : `${c.coverage.start}-${c.coverage.end} ${c.coverage.timeZone}`, c.id];
}

/** The most urgent clock of an incident in words, for the table. */
function slaSummary(view: IncidentView): string {
  if (!view.sla) return 'no contract in force when it opened';
  if (view.sla.problem) return view.sla.problem;
  if (!view.sla.hasTargets) return `no SLA for severity ${view.incident.severity}`;
  const breached = view.sla.targets.filter((t) => t.state === 'breached');
  const running = view.sla.targets.filter((t) => t.state === 'running').sort((a, b) => a.remainingMs - b.remainingMs);
  const shown = [...breached, ...running].slice(0, 2);
  if (shown.length === 0) return 'all targets met';
  return shown.map((t) => `${t.label}: ${describeSlaTarget(t)}`).join('; ') + (view.sla.paused ? ' (paused)' : '');
}

async function contracts(core: Core, action: string | undefined, rest: string[], io: CliIo): Promise<number> {
  switch (action) {
    case 'add': {
      const { values } = parse(rest, {
        account: { type: 'string' },
        tier: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        hours: { type: 'string' },
        per: { type: 'string' },
        'add-on': { type: 'string', multiple: true },
        'time-zone': { type: 'string' },
        staff: { type: 'string', multiple: true },
        notes: { type: 'string' },
        json: { type: 'boolean' },
      });
      const hours = number(values['hours'], '--hours');
      const contract = await call(core, 'contracts.create', {
        accountId: need(values['account'], '--account ID'),
        tier: need(values['tier'], '--tier T'),
        startsOn: need(values['from'], '--from DATE'),
        endsOn: need(values['to'], '--to DATE'),
        addOns: strs(values['add-on']),
        dedicatedStaff: strs(values['staff']),
        ...(hours !== undefined ? { includedHours: hours } : {}),
        ...(str(values['per']) !== undefined ? { hoursPeriod: str(values['per']) as 'month' } : {}),
        ...(str(values['time-zone']) !== undefined ? { timeZone: str(values['time-zone']) } : {}),
        ...(str(values['notes']) !== undefined ? { notes: str(values['notes']) } : {}),
      });
      io.out(values['json'] ? JSON.stringify(contract, null, 2) : `Added ${contract.tier} contract ${contract.startsOn} – ${contract.endsOn}: ${contract.id}`);
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { account: { type: 'string' }, json: { type: 'boolean' } });
      const list = await call(core, 'contracts.list', { accountId: need(values['account'], '--account ID') });
      if (values['json']) io.out(JSON.stringify(list, null, 2));
      else io.out(list.length === 0 ? 'No contracts yet. Add one with: fieldbook contracts add --account ID --tier T --from DATE --to DATE' : table(['TIER', 'FROM', 'TO', 'HOURS', 'COVERAGE', 'ID'], list.map(contractLine)));
      return 0;
    }
    case 'end': {
      const { values, positionals } = parse(rest, { on: { type: 'string' }, json: { type: 'boolean' } });
      const contract = await call(core, 'contracts.end', { id: positional(positionals, 'contracts end'), on: need(values['on'], '--on DATE') });
      io.out(values['json'] ? JSON.stringify(contract, null, 2) : `The contract now ends on ${contract.endsOn}.`);
      return 0;
    }
    case 'delete': {
      const { positionals } = parse(rest, {});
      io.out(JSON.stringify(await call(core, 'contracts.delete', { id: positional(positionals, 'contracts delete') }), null, 2));
      return 0;
    }
    default:
      throw usage(`Unknown command "contracts ${action ?? ''}".`);
  }
}

const INCIDENT_TIME_ACTIONS = { respond: 'incidents.respond', pause: 'incidents.pause', resume: 'incidents.resume', update: 'incidents.postUpdate' } as const;

async function incidents(core: Core, action: string | undefined, rest: string[], io: CliIo): Promise<number> {
  const print = (view: IncidentView, json: unknown, words: string) => io.out(json ? JSON.stringify(view, null, 2) : `${words} ${view.incident.id} — ${slaSummary(view)}`);
  switch (action) {
    case 'add': {
      const { values } = parse(rest, { account: { type: 'string' }, severity: { type: 'string' }, opened: { type: 'string' }, summary: { type: 'string' }, json: { type: 'boolean' } });
      const opened = instant(values['opened']);
      const view = await call(core, 'incidents.open', {
        accountId: need(values['account'], '--account ID'),
        severity: need(values['severity'], '--severity 1-4'),
        ...(opened !== undefined ? { openedAt: opened } : {}),
        ...(str(values['summary']) !== undefined ? { summary: str(values['summary']) } : {}),
      });
      print(view, values['json'], 'Opened incident');
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { account: { type: 'string' }, open: { type: 'boolean' }, json: { type: 'boolean' } });
      const list = await call(core, 'incidents.list', {
        ...(str(values['account']) !== undefined ? { accountId: str(values['account']) } : {}),
        ...(values['open'] ? { open: true } : {}),
      });
      if (values['json']) io.out(JSON.stringify(list, null, 2));
      else if (list.length === 0) io.out('No incidents. Open one with: fieldbook incidents add --account ID --severity 1');
      else io.out(table(['SEV', 'OPENED', 'STATE', 'SLA', 'SUMMARY', 'ID'], list.map((v) => [String(v.incident.severity), v.incident.openedAt, v.incident.resolvedAt ? 'resolved' : 'open', slaSummary(v), v.incident.summary.slice(0, 40), v.incident.id])));
      return 0;
    }
    case 'respond':
    case 'pause':
    case 'resume':
    case 'update': {
      const { values, positionals } = parse(rest, { at: { type: 'string' }, json: { type: 'boolean' } });
      const at = instant(values['at']);
      const view = await call(core, INCIDENT_TIME_ACTIONS[action], { id: positional(positionals, `incidents ${action}`), ...(at !== undefined ? { at } : {}) });
      print(view, values['json'], 'Recorded on incident');
      return 0;
    }
    case 'engage': {
      const { values, positionals } = parse(rest, { role: { type: 'string' }, name: { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean' } });
      const at = instant(values['at']);
      const view = await call(core, 'incidents.engage', {
        id: positional(positionals, 'incidents engage'),
        role: need(values['role'], '--role') as 'developer',
        ...(at !== undefined ? { at } : {}),
        ...(str(values['name']) !== undefined ? { name: str(values['name']) } : {}),
      });
      print(view, values['json'], 'Engaged on incident');
      return 0;
    }
    case 'resolve': {
      const { values, positionals } = parse(rest, { at: { type: 'string' }, summary: { type: 'string' }, json: { type: 'boolean' } });
      const at = instant(values['at']);
      const view = await call(core, 'incidents.resolve', {
        id: positional(positionals, 'incidents resolve'),
        ...(at !== undefined ? { at } : {}),
        ...(str(values['summary']) !== undefined ? { summary: str(values['summary']) } : {}),
      });
      print(view, values['json'], 'Resolved incident');
      return 0;
    }
    default:
      throw usage(`Unknown command "incidents ${action ?? ''}".`);
  }
}

async function engagements(core: Core, action: string | undefined, rest: string[], io: CliIo): Promise<number> {
  switch (action) {
    case 'add': {
      const { values } = parse(rest, {
        account: { type: 'string' },
        kind: { type: 'string' },
        title: { type: 'string' },
        at: { type: 'string' },
        attendees: { type: 'string' },
        notes: { type: 'string' },
        minutes: { type: 'string' },
        json: { type: 'boolean' },
      });
      const engagement = await call(core, 'engagements.create', {
        accountId: need(values['account'], '--account ID'),
        kind: need(values['kind'], '--kind') as 'email',
        title: need(values['title'], '--title TEXT'),
        occurredAt: instant(values['at']) ?? new Date().toISOString(),
        ...(str(values['attendees']) !== undefined ? { attendees: str(values['attendees']) } : {}),
        ...(str(values['notes']) !== undefined ? { notes: str(values['notes']) } : {}),
        ...(str(values['minutes']) !== undefined ? { minutes: str(values['minutes']) } : {}),
      });
      io.out(values['json'] ? JSON.stringify(engagement, null, 2) : `Logged ${ENGAGEMENT_KIND_LABELS[engagement.kind].toLowerCase()} "${engagement.title}": ${engagement.id}`);
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { account: { type: 'string' }, json: { type: 'boolean' } });
      const list: Engagement[] = await call(core, 'engagements.list', { accountId: need(values['account'], '--account ID') });
      if (values['json']) io.out(JSON.stringify(list, null, 2));
      else io.out(list.length === 0 ? 'No engagements yet. Log one with: fieldbook engagements add --account ID --kind weekly_call --title TEXT' : table(['WHEN', 'KIND', 'TITLE', 'ID'], list.map((e) => [e.occurredAt, ENGAGEMENT_KIND_LABELS[e.kind], e.title, e.id])));
      return 0;
    }
    default:
      throw usage(`Unknown command "engagements ${action ?? ''}".`);
  }
}

/** Runs one contracts/incidents/engagements command against the data folder; returns the exit code. */
export async function workspaceSlaCommand(dataDir: string, area: Area, action: string | undefined, rest: string[], io: CliIo): Promise<number> {
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    if (area === 'contracts') return await contracts(core, action, rest, io);
    if (area === 'incidents') return await incidents(core, action, rest, io);
    return await engagements(core, action, rest, io);
  } finally {
    core.close();
  }
}

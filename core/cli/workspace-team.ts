import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import type { InputOf, MethodName, OutputOf } from '../api/contract';
import {
  ADOPTION_STATUSES,
  ADOPTION_STATUS_LABELS,
  FieldbookError,
  LIFECYCLE_STAGES,
  LIFECYCLE_STAGE_LABELS,
  TEAM_ROLES,
  TEAM_ROLE_LABELS,
  describeDuration,
  isUuidV7,
} from '../model';
import type { AdoptionStatus, LifecycleStage, TeamRole } from '../model';
import type { CliIo } from './main';

/** The commands of the team, lifecycle and adoption domain, and their usage lines for `fieldbook --help`. */
export const TEAM_CLI_AREAS = ['team', 'contacts', 'lifecycle', 'adoption'] as const;

export const TEAM_CLI_USAGE = `  team add --account ACCOUNT --person NAME|EMAIL --role tam|csm|se|ae|escalation_engineer [--email E] [--note TEXT] [--json]
  team list --account ACCOUNT [--json]
                                   Who holds which role on an account (a directory person, or any name).
  contacts add --account ACCOUNT --name NAME [--title T] [--email E] [--phone P] [--notes TEXT] [--json]
  contacts list --account ACCOUNT [--json]
                                   The customer's people.
  lifecycle move --account ACCOUNT --to STAGE [--from-owner X] [--to-owner Y] [--at ISO] [--note TEXT]
                 [--done all|ITEM_ID,...] [--json]
                                   Change the stage, walking the target stage's hand-off checklist.
  lifecycle list --account ACCOUNT [--json]
                                   Current stage, time in stage and the hand-offs with their checklists.
  adoption set --account ACCOUNT --capability CODE [--status STATUS] [--note TEXT] [--blocker TEXT]
               [--on YYYY-MM-DD] [--json]
  adoption list --account ACCOUNT [--json]
                                   Capability adoption and the account's adoption score.
  ACCOUNT is an account id or its exact name.`;

const SUBCOMMANDS: Record<(typeof TEAM_CLI_AREAS)[number], readonly string[]> = {
  team: ['add', 'list'],
  contacts: ['add', 'list'],
  lifecycle: ['move', 'list'],
  adoption: ['set', 'list'],
};

export function isTeamCliArea(area: string): area is (typeof TEAM_CLI_AREAS)[number] {
  return (TEAM_CLI_AREAS as readonly string[]).includes(area);
}

/** A mistake in the command line: exits 2 like every invalid input, with the usage of this area. */
function usage(message: string): FieldbookError {
  return new FieldbookError('invalid', `${message}\n\nUsage:\n${TEAM_CLI_USAGE}`);
}

function parse(args: string[], options: NonNullable<ParseArgsConfig['options']>): Record<string, string | boolean | undefined> {
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals: true, strict: true });
    if (positionals.length > 0) throw new Error(`Unexpected argument "${positionals[0]}".`);
    return values as Record<string, string | boolean | undefined>;
  } catch (error) {
    throw usage((error as Error).message);
  }
}

function required(values: Record<string, string | boolean | undefined>, name: string, command: string): string {
  const value = values[name];
  if (typeof value !== 'string' || value.trim() === '') throw usage(`${command} needs --${name}.`);
  return value;
}

function optional(values: Record<string, string | boolean | undefined>, name: string): string | undefined {
  const value = values[name];
  return typeof value === 'string' ? value : undefined;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], what: string): T {
  const normal = value.trim().toLowerCase().replace(/[\s-]+/g, '_');
  const found = allowed.find((a) => a === normal);
  if (!found) throw new FieldbookError('invalid', `Unknown ${what} "${value}". Choose one of: ${allowed.join(', ')}.`);
  return found;
}

async function call<K extends MethodName>(core: Core, method: K, input: InputOf<K>): Promise<OutputOf<K>> {
  const result = await core.link.request(method, input);
  if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
  return result.data as OutputOf<K>;
}

/** An account by id, or by its exact name (case-insensitive) when that names exactly one. */
async function accountId(core: Core, ref: string): Promise<string> {
  if (isUuidV7(ref)) return (await call(core, 'accounts.get', { id: ref })).id;
  const matches = (await call(core, 'accounts.list', { search: ref })).filter((a) => a.name.toLowerCase() === ref.trim().toLowerCase());
  if (matches.length === 1 && matches[0]) return matches[0].id;
  if (matches.length > 1) throw new FieldbookError('conflict', `${matches.length} accounts are named "${ref}". Use the account id.`);
  throw new FieldbookError('not_found', `No account is named "${ref}". List them with: fieldbook accounts list`);
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

const print = (io: CliIo, json: boolean, data: unknown, text: () => string) => io.out(json ? JSON.stringify(data, null, 2) : text());

/** Runs `fieldbook <team|contacts|lifecycle|adoption> <action> ...`; returns the exit code. */
export async function teamCommand(dataDir: string, area: (typeof TEAM_CLI_AREAS)[number], args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  if (!action || !SUBCOMMANDS[area].includes(action)) throw usage(`Unknown command "${[area, action].filter(Boolean).join(' ')}".`);
  const command = `${area} ${action}`;
  const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
  try {
    switch (command) {
      case 'team add': {
        const v = parse(rest, { account: { type: 'string' }, person: { type: 'string' }, role: { type: 'string' }, email: { type: 'string' }, note: { type: 'string' }, json: { type: 'boolean' } });
        const role = oneOf<TeamRole>(required(v, 'role', command), TEAM_ROLES, 'role');
        const person = required(v, 'person', command);
        const id = await accountId(core, required(v, 'account', command));
        const email = optional(v, 'email');
        const note = optional(v, 'note');
        const member = await call(core, 'team.add', { accountId: id, role, name: person, ...(email === undefined ? {} : { email }), ...(note === undefined ? {} : { note }) });
        print(io, v['json'] === true, member, () => `${member.name} is now ${TEAM_ROLE_LABELS[member.role]} on the account${member.personId ? '' : ' (not in the people directory)'}. Id: ${member.id}`);
        return 0;
      }
      case 'team list': {
        const v = parse(rest, { account: { type: 'string' }, json: { type: 'boolean' } });
        const team = await call(core, 'team.get', { accountId: await accountId(core, required(v, 'account', command)) });
        print(io, v['json'] === true, team.members, () =>
          team.members.length === 0
            ? 'Nobody holds a role on this account yet. Add someone with: fieldbook team add --account ACCOUNT --person NAME --role tam'
            : table(['ROLE', 'NAME', 'EMAIL', 'DIRECTORY', 'ID'], team.members.map((m) => [TEAM_ROLE_LABELS[m.role], m.name, m.email || '-', team.people[m.id] ? 'yes' : 'no', m.id])),
        );
        return 0;
      }
      case 'contacts add': {
        const v = parse(rest, { account: { type: 'string' }, name: { type: 'string' }, title: { type: 'string' }, email: { type: 'string' }, phone: { type: 'string' }, notes: { type: 'string' }, json: { type: 'boolean' } });
        const name = required(v, 'name', command);
        const id = await accountId(core, required(v, 'account', command));
        const extra = Object.fromEntries((['title', 'email', 'phone', 'notes'] as const).flatMap((k) => (optional(v, k) === undefined ? [] : [[k, optional(v, k)]])));
        const contact = await call(core, 'contacts.create', { accountId: id, name, ...extra });
        print(io, v['json'] === true, contact, () => `Added contact ${contact.name}${contact.title ? `, ${contact.title}` : ''}. Id: ${contact.id}`);
        return 0;
      }
      case 'contacts list': {
        const v = parse(rest, { account: { type: 'string' }, json: { type: 'boolean' } });
        const contacts = await call(core, 'contacts.list', { accountId: await accountId(core, required(v, 'account', command)) });
        print(io, v['json'] === true, contacts, () =>
          contacts.length === 0
            ? 'No contacts yet. Add one with: fieldbook contacts add --account ACCOUNT --name NAME'
            : table(['NAME', 'TITLE', 'EMAIL', 'PHONE', 'ID'], contacts.map((c) => [c.name, c.title || '-', c.email || '-', c.phone || '-', c.id])),
        );
        return 0;
      }
      case 'lifecycle move': {
        const v = parse(rest, {
          account: { type: 'string' },
          to: { type: 'string' },
          'from-owner': { type: 'string' },
          'to-owner': { type: 'string' },
          at: { type: 'string' },
          note: { type: 'string' },
          done: { type: 'string' },
          json: { type: 'boolean' },
        });
        const to = oneOf<LifecycleStage>(required(v, 'to', command), LIFECYCLE_STAGES, 'stage');
        const id = await accountId(core, required(v, 'account', command));
        const doneArg = optional(v, 'done');
        const done =
          doneArg === undefined ? undefined
          : doneArg.trim() === 'all' ? (await call(core, 'lifecycle.templates', { stage: to })).map((t) => t.id)
          : doneArg.split(',').map((s) => s.trim()).filter(Boolean);
        const fromOwner = optional(v, 'from-owner');
        const toOwner = optional(v, 'to-owner');
        const at = optional(v, 'at');
        const note = optional(v, 'note');
        const result = await call(core, 'lifecycle.move', {
          accountId: id,
          to,
          ...(fromOwner === undefined ? {} : { fromOwner }),
          ...(toOwner === undefined ? {} : { toOwner }),
          ...(at === undefined ? {} : { at }),
          ...(note === undefined ? {} : { note }),
          ...(done === undefined ? {} : { done }),
        });
        const event = result.events[0];
        print(io, v['json'] === true, result, () =>
          [
            `Moved to ${LIFECYCLE_STAGE_LABELS[result.stage]}${event?.toOwner ? `, owned by ${event.toOwner}` : ''}.`,
            ...(event?.items ?? []).map((i) => `  [${i.done ? 'x' : ' '}] ${i.text}  (${i.id})`),
            event && event.openItems > 0 ? `${event.openItems} checklist item(s) still open.` : 'Checklist complete.',
          ].join('\n'),
        );
        return 0;
      }
      case 'lifecycle list': {
        const v = parse(rest, { account: { type: 'string' }, json: { type: 'boolean' } });
        const history = await call(core, 'lifecycle.get', { accountId: await accountId(core, required(v, 'account', command)) });
        print(io, v['json'] === true, history, () =>
          [
            `${LIFECYCLE_STAGE_LABELS[history.stage]} for ${describeDuration(history.timeInStageMs)} (since ${history.enteredAt}), owner: ${history.owner.name ?? `no ${TEAM_ROLE_LABELS[history.owner.role]} on the team`}.`,
            ...history.events.map((e) => `${e.at}  ${LIFECYCLE_STAGE_LABELS[e.fromStage]} → ${LIFECYCLE_STAGE_LABELS[e.toStage]}  ${e.fromOwner || '-'} → ${e.toOwner || '-'}  ${e.items.length - e.openItems}/${e.items.length} done`),
          ].join('\n'),
        );
        return 0;
      }
      case 'adoption set': {
        const v = parse(rest, { account: { type: 'string' }, capability: { type: 'string' }, status: { type: 'string' }, note: { type: 'string' }, blocker: { type: 'string' }, on: { type: 'string' }, json: { type: 'boolean' } });
        const statusArg = optional(v, 'status');
        const status = statusArg === undefined ? undefined : oneOf<AdoptionStatus>(statusArg, ADOPTION_STATUSES, 'status');
        const capability = required(v, 'capability', command);
        const note = optional(v, 'note');
        const blockers = optional(v, 'blocker');
        const on = optional(v, 'on');
        if (status === undefined && note === undefined && blockers === undefined) throw usage('adoption set needs --status, --note or --blocker.');
        const id = await accountId(core, required(v, 'account', command));
        const entry = await call(core, 'adoption.set', {
          accountId: id,
          capability,
          ...(status === undefined ? {} : { status }),
          ...(note === undefined ? {} : { note }),
          ...(blockers === undefined ? {} : { blockers }),
          ...(on === undefined ? {} : { on }),
        });
        print(io, v['json'] === true, entry, () => `${entry.capability.name}: ${ADOPTION_STATUS_LABELS[entry.status]} since ${entry.since ?? '-'}.`);
        return 0;
      }
      case 'adoption list': {
        const v = parse(rest, { account: { type: 'string' }, json: { type: 'boolean' } });
        const adoption = await call(core, 'adoption.get', { accountId: await accountId(core, required(v, 'account', command)) });
        print(io, v['json'] === true, adoption, () =>
          [
            `Adoption score: ${adoption.score.score ?? '-'} (${adoption.score.adopted} adopted, ${adoption.score.inProgress} in progress, ${adoption.score.blocked} blocked of ${adoption.score.total}).`,
            table(
              ['CAPABILITY', 'STATUS', 'SINCE', 'BLOCKERS'],
              adoption.entries.map((e) => [e.capability.code, ADOPTION_STATUS_LABELS[e.status], e.since ?? '-', e.blockers || '-']),
            ),
          ].join('\n'),
        );
        return 0;
      }
      default:
        throw usage(`Unknown command "${command}".`);
    }
  } finally {
    core.close();
  }
}

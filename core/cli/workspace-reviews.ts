import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ParseArgsConfig } from 'node:util';
import { openCore } from '../api/core';
import type { Core } from '../api/core';
import type { InputOf, MethodName, OutputOf } from '../api/contract';
import { ACTION_STATUS_LABELS, ATTENDEE_SIDES, FieldbookError, askDraftSchema, commitmentDraftSchema } from '../model';
import type { ActionItemView, AskDraft, Attendee, AttendeeSide, CommitmentDraft, ReviewSummary } from '../model';
import type { CliIo } from './main';

/** The `reviews` and `actions` commands of `fieldbook`: the same services as the app, through the API. */

export const REVIEWS_USAGE = `  reviews add --account ID --date YYYY-MM-DD [--title T] [--attendee "NAME[|customer|vendor]" ...]
              [--agenda TEXT] [--notes TEXT] [--ask "title|priority|impact[|status]" ...]
              [--commitment "text|owner[|YYYY-MM-DD]" ...] [--json]
                                   Record a roadmap review with its asks and commitments.
  reviews list --account ID [--json]
                                   An account's reviews, newest first.
  reviews show ID                  Print one review with its asks and commitments as JSON.
  reviews follow-up ITEM_ID [--json]
                                   Turn an ask or commitment into an action item linked to it.
  reviews export ID --format md|pdf --out FILE
                                   Write a review as Markdown or PDF to share with the customer.
  actions add --account ID --title T [--owner O] [--due YYYY-MM-DD] [--json]
                                   Add an action item (the owner defaults to you).
  actions list [--mine] [--overdue] [--account ID] [--all] [--json]
                                   Open action items, overdue first (--all: done and dropped too).
  actions done ID                  Mark an action item done.`;

class ReviewsUsageError extends Error {}

function parse(args: string[], options: ParseArgsConfig['options']) {
  try {
    return parseArgs({ args, options: options ?? {}, allowPositionals: true, strict: true });
  } catch (error) {
    throw new ReviewsUsageError((error as Error).message);
  }
}

/** Calls the API; the data folder is opened on the first call, after every argument was parsed. */
type Call = <K extends MethodName>(method: K, input: InputOf<K>) => Promise<OutputOf<K>>;

function lazyCore(dataDir: string): { call: Call; close: () => Promise<void> } {
  let core: Promise<Core> | null = null;
  return {
    call: async (method, input) => {
      core ??= openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
      const result = await (await core).link.request(method, input);
      if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
      return result.data as never;
    },
    close: async () => {
      // A core that failed to open has nothing to close; its error was already reported by the call.
      const opened = await core?.catch(() => null);
      opened?.close();
    },
  };
}

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const parts = (value: string): string[] => value.split('|').map((p) => p.trim());

/** The first problem of a parsed row, named after the option it came from. */
function rowProblem(option: string, value: string, result: { success: boolean; error?: { issues: Array<{ message: string }> } }): void {
  if (result.success) return;
  const message = result.error?.issues[0]?.message ?? 'It is not valid.';
  throw new FieldbookError('invalid', `--${option} "${value}": ${message}`);
}

export function parseAttendee(value: string): Attendee {
  const [name = '', side = 'customer', ...extra] = parts(value);
  if (extra.length > 0 || !(ATTENDEE_SIDES as readonly string[]).includes(side)) {
    throw new ReviewsUsageError(`--attendee "${value}": write NAME, or NAME|customer or NAME|vendor.`);
  }
  if (name === '') throw new FieldbookError('invalid', `--attendee "${value}": Attendee name is required.`);
  return { name, side: side as AttendeeSide, refId: null };
}

export function parseAsk(value: string): AskDraft {
  const fields = parts(value);
  if (fields.length < 3 || fields.length > 4) {
    throw new ReviewsUsageError(`--ask "${value}": write "title|priority|impact", e.g. --ask "SSO via SAML|high|critical" (optionally |status).`);
  }
  const [title, priority, impact, status] = fields;
  const ask = { title, priority, impact, ...(status !== undefined ? { status } : {}) };
  rowProblem('ask', value, askDraftSchema.safeParse(ask));
  return ask as AskDraft;
}

export function parseCommitment(value: string): CommitmentDraft {
  const fields = parts(value);
  if (fields.length < 2 || fields.length > 3) {
    throw new ReviewsUsageError(`--commitment "${value}": write "text|owner|due", e.g. --commitment "Send the runbook|Dana Field|2026-04-01" (the date is optional).`);
  }
  const [title, owner, due] = fields;
  const commitment = { title, owner, due: due === undefined || due === '' ? null : due };
  rowProblem('commitment', value, commitmentDraftSchema.safeParse(commitment));
  return commitment as CommitmentDraft;
}

function columns(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n');
}

function reviewsTable(reviews: ReviewSummary[]): string {
  if (reviews.length === 0) return 'No roadmap reviews for this account yet. Record one with: fieldbook reviews add --account ID --date YYYY-MM-DD';
  return columns(
    ['DATE', 'TITLE', 'ASKS', 'COMMITMENTS', 'ID'],
    reviews.map((r) => [r.date, r.title, String(r.askCount), String(r.commitmentCount), r.id]),
  );
}

function actionsTable(items: ActionItemView[]): string {
  if (items.length === 0) return 'No action items.';
  return columns(
    ['DUE', 'STATUS', 'TITLE', 'ACCOUNT', 'OWNER', 'ID'],
    items.map((a) => [
      a.due === null ? '-' : a.overdue ? `${a.due} (overdue)` : a.dueToday ? `${a.due} (today)` : a.due,
      ACTION_STATUS_LABELS[a.status],
      a.title,
      a.accountName,
      a.owner,
      a.id,
    ]),
  );
}

/** Writes next to the target and renames: a failed export never leaves a half-written file behind. */
function writeAtomically(path: string, data: Buffer): void {
  const target = resolve(path);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw new FieldbookError('invalid', `Cannot write ${path}: the folder ${folder} does not exist.`);
  }
  if (existsSync(target) && statSync(target).isDirectory()) throw new FieldbookError('invalid', `Cannot write ${path}: it is a folder.`);
  const temp = `${target}.${randomBytes(6).toString('hex')}.part`;
  try {
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new FieldbookError('unavailable', `Cannot write ${path}: ${(error as Error).message}`);
  }
}

const print = (io: CliIo, value: unknown) => io.out(JSON.stringify(value, null, 2));

async function reviewsCommand(call: Call, action: string | undefined, rest: string[], io: CliIo): Promise<number> {
  switch (action) {
    case 'add': {
      const { values } = parse(rest, {
        account: { type: 'string' },
        date: { type: 'string' },
        title: { type: 'string' },
        attendee: { type: 'string', multiple: true },
        agenda: { type: 'string' },
        notes: { type: 'string' },
        ask: { type: 'string', multiple: true },
        commitment: { type: 'string', multiple: true },
        json: { type: 'boolean' },
      });
      const account = values['account'] as string | undefined;
      const date = values['date'] as string | undefined;
      if (!account || !date) throw new ReviewsUsageError('reviews add needs --account ID and --date YYYY-MM-DD.');
      // Every row is checked before anything is written; the review and its rows are then one transaction.
      const review = await call('reviews.create', {
        accountId: account,
        date,
        ...(values['title'] !== undefined ? { title: values['title'] as string } : {}),
        attendees: ((values['attendee'] as string[] | undefined) ?? []).map(parseAttendee),
        agenda: (values['agenda'] as string | undefined) ?? '',
        notes: (values['notes'] as string | undefined) ?? '',
        asks: ((values['ask'] as string[] | undefined) ?? []).map(parseAsk),
        commitments: ((values['commitment'] as string[] | undefined) ?? []).map(parseCommitment),
      });
      if (values['json']) print(io, review);
      else io.out(`Recorded ${review.title} of ${review.date} (${count(review.asks.length, 'ask', 'asks')}, ${count(review.commitments.length, 'commitment', 'commitments')}): ${review.id}`);
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, { account: { type: 'string' }, json: { type: 'boolean' } });
      const account = values['account'] as string | undefined;
      if (!account) throw new ReviewsUsageError('reviews list needs --account ID.');
      const reviews = await call('reviews.list', { accountId: account });
      io.out(values['json'] ? JSON.stringify(reviews, null, 2) : reviewsTable(reviews));
      return 0;
    }
    case 'show': {
      const { positionals } = parse(rest, {});
      if (!positionals[0]) throw new ReviewsUsageError('reviews show needs a review id.');
      print(io, await call('reviews.get', { id: positionals[0] }));
      return 0;
    }
    case 'follow-up': {
      const { values, positionals } = parse(rest, { json: { type: 'boolean' } });
      if (!positionals[0]) throw new ReviewsUsageError('reviews follow-up needs the id of an ask or a commitment.');
      const item = await call('reviews.followUp', { itemId: positionals[0] });
      if (values['json']) print(io, item);
      else io.out(`Action item for ${item.owner}${item.due ? `, due ${item.due}` : ''}: ${item.title} (${item.id})`);
      return 0;
    }
    case 'export': {
      const { values, positionals } = parse(rest, { format: { type: 'string' }, out: { type: 'string' } });
      const id = positionals[0];
      const format = values['format'] as string | undefined;
      const out = values['out'] as string | undefined;
      if (!id || !format || !out) throw new ReviewsUsageError('reviews export needs a review id, --format md|pdf and --out FILE.');
      if (format !== 'md' && format !== 'pdf') throw new ReviewsUsageError(`Unknown format "${format}": use md or pdf.`);
      const file = await call('reviews.export', { id, format });
      const data = Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
      writeAtomically(out, data);
      io.out(`Wrote ${out} (${data.length.toLocaleString('en')} bytes).`);
      return 0;
    }
    default:
      throw new ReviewsUsageError(`Unknown command "reviews${action ? ` ${action}` : ''}".`);
  }
}

async function actionsCommand(call: Call, action: string | undefined, rest: string[], io: CliIo): Promise<number> {
  switch (action) {
    case 'add': {
      const { values } = parse(rest, {
        account: { type: 'string' },
        title: { type: 'string' },
        owner: { type: 'string' },
        due: { type: 'string' },
        json: { type: 'boolean' },
      });
      const account = values['account'] as string | undefined;
      const title = values['title'] as string | undefined;
      if (!account || title === undefined) throw new ReviewsUsageError('actions add needs --account ID and --title T.');
      const item = await call('actions.create', {
        accountId: account,
        title,
        ...(values['owner'] !== undefined ? { owner: values['owner'] as string } : {}),
        ...(values['due'] !== undefined ? { due: values['due'] as string } : {}),
      });
      if (values['json']) print(io, item);
      else io.out(`Added action item for ${item.owner}${item.due ? `, due ${item.due}` : ''}: ${item.id}`);
      return 0;
    }
    case 'list': {
      const { values } = parse(rest, {
        mine: { type: 'boolean' },
        overdue: { type: 'boolean' },
        account: { type: 'string' },
        all: { type: 'boolean' },
        json: { type: 'boolean' },
      });
      const items = await call('actions.list', {
        mine: values['mine'] === true,
        overdue: values['overdue'] === true,
        includeClosed: values['all'] === true,
        ...(values['account'] !== undefined ? { accountId: values['account'] as string } : {}),
      });
      io.out(values['json'] ? JSON.stringify(items, null, 2) : actionsTable(items));
      return 0;
    }
    case 'done': {
      const { positionals } = parse(rest, {});
      if (!positionals[0]) throw new ReviewsUsageError('actions done needs an action item id.');
      const item = await call('actions.setStatus', { id: positionals[0], status: 'done' });
      io.out(`Done: ${item.title}`);
      return 0;
    }
    default:
      throw new ReviewsUsageError(`Unknown command "actions${action ? ` ${action}` : ''}".`);
  }
}

/**
 * Runs `fieldbook reviews …` or `fieldbook actions …`; returns the exit code. Usage mistakes exit 2 with this
 * area's usage; a refused input exits 2 and any other failure 1, through main's handler.
 */
export async function workspaceReviewsCli(dataDir: string, area: 'reviews' | 'actions', args: string[], io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  const core = lazyCore(dataDir);
  try {
    return area === 'reviews' ? await reviewsCommand(core.call, action, rest, io) : await actionsCommand(core.call, action, rest, io);
  } catch (error) {
    if (!(error instanceof ReviewsUsageError)) throw error;
    io.err(`fieldbook: ${error.message}\n\nUsage:\n${REVIEWS_USAGE}`);
    return 2;
  } finally {
    await core.close();
  }
}

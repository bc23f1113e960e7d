import { DateTime } from 'luxon';
import {
  describeRowError,
  FieldbookError,
  isTimeZone,
  TIME_CATEGORIES,
  TIME_CATEGORY_EXPORT_LABELS,
  TIME_IMPORT_FORMAT_LABELS,
  timeEntryDraftSchema,
} from '../../model';
import type {
  TimeImportPreviewRow,
  ImportRowError,
  TimeEntryDraft,
  TimeImportField,
  TimeImportFormat,
  TimeImportPreview,
  TimeImportRequest,
  TimeImportResult,
} from '../../model';
import { ProfileRepo } from '../../store/profileRepo';
import type { Store } from '../../store/store';
import { ContractSkus } from '../contractSkus';
import { checkImportDrafts, commitTimeImport, localTimeZone, localUserId, storedEntriesAround } from './commit';
import type { StoredEntry } from './commit';
import { describeColumns, detectFormat, genericColumns, normalHeader, suggestMapping, trackerColumns } from './formats';
import type { ColumnMap, SourceField } from './formats';
import { readSheet } from './read';
import type { Cell, Sheet, SheetRow } from './read';
import { dateOrderEvidence, isEmpty, parseBillable, parseDate, parseDuration, parseHours, parseMinutes, parseTime, text, usesDots } from './values';
import type { DateOrder, Parsed, TimeValue } from './values';

/**
 * An import, planned: the file read, its format found, every row mapped to a time entry draft or to errors
 * in the user's words, duplicates marked (within the file, and against the entries already stored), and the
 * time rules checked. Nothing is written; `importTime` writes the ready rows once the plan has no errors.
 */
export type TimeImportInput = Omit<TimeImportRequest, 'contentBase64'> & { bytes: Buffer };

interface Mapped {
  row: number;
  draft: TimeEntryDraft | null;
  accountName: string;
  user: string;
  errors: ImportRowError[];
}

interface AccountRef {
  id: string;
  name: string;
}

interface MapContext {
  headers: string[];
  columns: ColumnMap;
  accounts: Map<string, AccountRef[]>;
  contracts: ContractSkus;
  order: DateOrder;
  zone: string;
  defaultCategory: TimeEntryDraft['category'];
}

const CATEGORY_NAMES = new Map<string, TimeEntryDraft['category']>(
  TIME_CATEGORIES.flatMap((c) => [
    [c, c],
    [c.replace(/_/g, ' '), c],
    [TIME_CATEGORY_EXPORT_LABELS[c].toLowerCase(), c],
  ]),
);

function categoryOf(value: string): TimeEntryDraft['category'] | undefined {
  return CATEGORY_NAMES.get(value.trim().toLowerCase().replace(/\s+/g, ' '));
}

function toInstant(value: TimeValue, date: string, zone: string): string | null {
  if (value.kind === 'instant') return value.iso;
  const day = DateTime.fromISO(value.date ?? date, { zone });
  const local = day.set({ hour: value.hour, minute: value.minute, second: value.second });
  return local.isValid ? local.toUTC().toISO() : null;
}

function mapRow(ctx: MapContext, sheetRow: SheetRow): Mapped {
  const { headers, columns } = ctx;
  const cell = (f: SourceField): Cell => (columns[f] === undefined ? null : (sheetRow.cells[columns[f]] ?? null));
  const column = (f: SourceField): string | null => (columns[f] === undefined ? null : (headers[columns[f]] ?? null));
  const errors: ImportRowError[] = [];
  const fail = (f: SourceField | null, message: string) => errors.push({ column: f ? column(f) : null, message });
  const read = <T>(f: SourceField, parse: (c: Cell) => Parsed<T>): T | null => {
    if (isEmpty(cell(f))) return null;
    const parsed = parse(cell(f));
    if (parsed.ok) return parsed.value;
    fail(f, parsed.message);
    return null;
  };

  const user = text(cell('user')) || [text(cell('firstName')), text(cell('lastName'))].filter(Boolean).join(' ');

  // When: a date, and for timed entries the start and end in the zone the work was done in.
  const zoneText = text(cell('timeZone'));
  const zone = zoneText && isTimeZone(zoneText) ? zoneText : ctx.zone;
  if (zoneText && !isTimeZone(zoneText)) fail('timeZone', `“${zoneText}” is not a time zone; write it like Europe/Paris.`);
  let date = read('date', (c) => parseDate(c, ctx.order));
  const start = read('start', parseTime);
  const end = read('end', parseTime);
  const endDate = read('endDate', (c) => parseDate(c, ctx.order));
  if (date === null && start?.kind === 'local' && start.date) date = start.date;
  if (date === null && start?.kind === 'instant') date = DateTime.fromISO(start.iso, { zone }).toISODate();
  if (date === null && !errors.some((e) => e.column === column('date'))) fail(columns.date !== undefined ? 'date' : 'start', 'The date is missing.');

  let startedAt: string | null = null;
  let endedAt: string | null = null;
  if (date !== null && start) startedAt = toInstant(start, date, zone);
  if (date !== null && end) {
    endedAt = toInstant(end, endDate ?? date, zone);
    // An end time earlier than the start, with no end date, is past midnight.
    if (startedAt && endedAt && endDate === null && end.kind === 'local' && !end.date && endedAt <= startedAt) {
      endedAt = DateTime.fromISO(endedAt).plus({ days: 1 }).toUTC().toISO();
    }
  }

  // How long: minutes, a duration, or hours (the first the row has), else the span from start to end.
  let minutes: number | null = null;
  const amount = (['minutes', 'duration', 'hours'] as const).find((f) => !isEmpty(cell(f)));
  if (amount === 'minutes') minutes = read('minutes', parseMinutes);
  if (amount === 'duration') minutes = read('duration', parseDuration);
  if (amount === 'hours') minutes = read('hours', parseHours);
  if (amount === undefined) {
    if (startedAt && endedAt) minutes = Math.round((Date.parse(endedAt) - Date.parse(startedAt)) / 60_000);
    else if (!errors.length) fail(columns.duration !== undefined ? 'duration' : columns.hours !== undefined ? 'hours' : 'minutes', 'The time spent is missing.');
  }
  if (startedAt && !endedAt && !end && minutes !== null) endedAt = DateTime.fromISO(startedAt).plus({ minutes }).toUTC().toISO();
  if (!startedAt !== !endedAt && errors.length === 0) {
    fail(startedAt ? 'end' : 'start', startedAt ? 'The row has a start time but no end time.' : 'The row has an end time but no start time.');
  }

  // Which account: the client, or the project when a tracker's entry has no client.
  const accountField: SourceField = text(cell('account')) ? 'account' : 'project';
  const accountName = text(cell(accountField));
  let account: AccountRef | null = null;
  if (!accountName) {
    fail('account', 'The account is missing.');
  } else {
    const matches = ctx.accounts.get(accountName.toLowerCase().replace(/\s+/g, ' ')) ?? [];
    if (matches.length === 1) account = matches[0] ?? null;
    else if (matches.length > 1) fail(accountField, `${matches.length} accounts are named “${accountName}”; rename one so imports can tell them apart.`);
    else fail(accountField, `No account is named “${accountName}”. Create it in Fieldbook, or correct the name in the file.`);
  }

  // SKU: named outright, or a tracker's task that matches one; an unmatched task stays in the note.
  let sku: string | null = null;
  let task = '';
  const contract = account && date ? ctx.contracts.activeOn(account.id, date) : undefined;
  const findSku = (value: string) => contract?.skus.find((s) => s.code.toLowerCase() === value.toLowerCase() || s.label.toLowerCase() === value.toLowerCase());
  if (!isEmpty(cell('sku'))) {
    const value = text(cell('sku'));
    const found = findSku(value);
    if (found) sku = found.code;
    else if (account && date) {
      fail(
        'sku',
        contract
          ? `“${value}” is not a SKU of ${account.name}'s contract on ${date}; it has ${contract.skus.map((s) => s.code).join(', ') || 'none'}.`
          : `${account.name} has no contract on ${date}, so the entry cannot have SKU “${value}”.`,
      );
    }
  } else if (!isEmpty(cell('task'))) {
    const value = text(cell('task'));
    const found = findSku(value);
    if (found) sku = found.code;
    else task = value;
  }

  // Category: named outright, or the first tag that is one; other tags stay in the note.
  let category = ctx.defaultCategory;
  const otherTags: string[] = [];
  if (!isEmpty(cell('category'))) {
    const value = text(cell('category'));
    const found = categoryOf(value);
    if (found) category = found;
    else fail('category', `“${value}” is not a category; use one of ${TIME_CATEGORIES.map((c) => TIME_CATEGORY_EXPORT_LABELS[c]).join(', ')}.`);
  } else if (!isEmpty(cell('tags'))) {
    let matched = false;
    for (const tag of text(cell('tags')).split(',').map((t) => t.trim()).filter(Boolean)) {
      const found = categoryOf(tag);
      if (found && !matched) {
        category = found;
        matched = true;
      } else {
        otherTags.push(tag);
      }
    }
  }

  const billable = read('billable', parseBillable);
  const description = text(cell('note'));
  const note = [task && description ? `${task}: ${description}` : task || description, otherTags.length ? `[${otherTags.join(', ')}]` : '']
    .filter(Boolean)
    .join(' ');

  if (errors.length > 0 || !account || date === null || minutes === null) return { row: sheetRow.row, draft: null, accountName, user, errors };
  const parsed = timeEntryDraftSchema.safeParse({
    accountId: account.id,
    date,
    minutes,
    startedAt,
    endedAt,
    timeZone: startedAt ? zone : null,
    category,
    sku,
    billable,
    note,
    adjustsId: null,
  });
  if (!parsed.success) {
    const fieldColumn: Record<string, SourceField> = { minutes: amount ?? 'duration', note: 'note', date: 'date', startedAt: 'start', endedAt: 'end' };
    for (const issue of parsed.error.issues) {
      const field = fieldColumn[String(issue.path[0])] ?? null;
      fail(field, issue.message.endsWith('.') ? issue.message : `${issue.message}.`);
    }
    return { row: sheetRow.row, draft: null, accountName, user, errors };
  }
  return { row: sheetRow.row, draft: parsed.data, accountName, user, errors };
}

/** Month-first or day-first, decided from dates that only read one way; a notice says how ambiguous ones were read. */
function decideDateOrder(sheet: Sheet, columns: ColumnMap, requested: TimeImportRequest['dateOrder'], format: TimeImportFormat): { order: DateOrder; notice: string | null; problem: string | null } {
  if (requested !== 'auto') return { order: requested, notice: null, problem: null };
  const dateColumns = (['date', 'endDate', 'start'] as const).map((f) => columns[f]).filter((i): i is number => i !== undefined);
  let dmyRow: number | null = null;
  let mdyRow: number | null = null;
  let ambiguous = false;
  let dots = false;
  for (const r of sheet.rows) {
    for (const i of dateColumns) {
      const cell = r.cells[i] ?? null;
      const evidence = dateOrderEvidence(cell);
      if (evidence === 'dmy') dmyRow ??= r.row;
      else if (evidence === 'mdy') mdyRow ??= r.row;
      else if (typeof cell === 'string' && /^\d{1,2}[./-]\d{1,2}[./-]\d{4}/.test(cell.trim())) ambiguous = true;
      if (usesDots(cell)) dots = true;
    }
  }
  if (dmyRow !== null && mdyRow !== null) {
    return { order: 'mdy', notice: null, problem: `Dates are written day-first in row ${dmyRow} but month-first in row ${mdyRow}; make them consistent.` };
  }
  if (dmyRow !== null) return { order: 'dmy', notice: null, problem: null };
  if (mdyRow !== null) return { order: 'mdy', notice: null, problem: null };
  if (!ambiguous) return { order: 'mdy', notice: null, problem: null };
  // Dotted dates (04.03.2026) are day-first wherever they are written; slashes follow the tracker's default.
  const order: DateOrder = dots || format === 'harvest' ? 'dmy' : 'mdy';
  const example = order === 'mdy' ? 'March 4' : '3 April';
  return {
    order,
    notice: `Dates like 03/04/2026 were read as ${order === 'mdy' ? 'month/day/year' : 'day/month/year'} (${example}). If that is wrong, choose the other date order.`,
    problem: null,
  };
}

function loadAccounts(store: Store): Map<string, AccountRef[]> {
  const byName = new Map<string, AccountRef[]>();
  for (const a of store.db.prepare<[], AccountRef>('SELECT id, name FROM accounts WHERE deleted = 0').all()) {
    const key = a.name.trim().toLowerCase().replace(/\s+/g, ' ');
    byName.set(key, [...(byName.get(key) ?? []), a]);
  }
  return byName;
}

/** What makes two entries the same piece of work: day, account, time, start and note (case and spacing aside). */
function fingerprint(e: { date: string; accountId: string; minutes: number; startedAt: string | null; note: string }): string {
  return [e.date, e.accountId, e.minutes, e.startedAt ? Date.parse(e.startedAt) : '', e.note.trim().replace(/\s+/g, ' ').toLowerCase()].join('\u0001');
}

interface Columns {
  format: TimeImportFormat;
  columns: ColumnMap;
  mapping: Record<string, TimeImportField>;
  problems: string[];
}

function chooseColumns(sheet: Sheet, request: TimeImportInput): Columns {
  const detected = detectFormat(sheet.headers);
  const wanted = request.format === 'auto' ? (request.mapping ? 'generic' : detected) : request.format;
  if (wanted === null) {
    const mapping = suggestMapping(sheet.headers);
    return {
      format: 'generic',
      columns: {},
      mapping,
      problems: ['The columns do not look like an export from Toggl, Harvest, Clockify or Fieldbook. Choose which column holds what.'],
    };
  }
  if (wanted === 'generic') {
    const mapping = request.mapping ?? suggestMapping(sheet.headers);
    const { columns, problems } = genericColumns(sheet.headers, mapping);
    const full = Object.fromEntries(sheet.headers.filter(Boolean).map((h) => [h, mapping[h] ?? Object.entries(mapping).find(([k]) => normalHeader(k) === normalHeader(h))?.[1] ?? 'ignore']));
    return { format: 'generic', columns, mapping: full, problems };
  }
  const columns = trackerColumns(wanted, sheet.headers);
  const problems = wanted === detected ? [] : [`This file does not have the columns of a ${TIME_IMPORT_FORMAT_LABELS[wanted]} export${detected ? ` (it looks like ${TIME_IMPORT_FORMAT_LABELS[detected]})` : ''}.`];
  return { format: wanted, columns, mapping: describeColumns(sheet.headers, columns), problems };
}

export async function planTimeImport(store: Store, input: TimeImportInput): Promise<TimeImportPreview> {
  const userId = localUserId(store);
  const sheet = await readSheet(input.fileName, input.bytes);
  const chosen = chooseColumns(sheet, input);
  const fileErrors = [...chosen.problems];
  const notices: string[] = [];
  const empty = (): TimeImportPreview => ({
    format: chosen.format,
    headers: sheet.headers,
    mapping: chosen.mapping,
    fileErrors,
    notices,
    rows: [],
    counts: { rows: sheet.rows.length, ready: 0, duplicates: 0, errors: 0 },
    readyMinutes: 0,
  });
  if (fileErrors.length > 0) return empty();
  if (sheet.rows.length === 0) {
    fileErrors.push('The file has a header but no rows of time.');
    return empty();
  }
  const dates = decideDateOrder(sheet, chosen.columns, input.dateOrder, chosen.format);
  if (dates.problem) fileErrors.push(dates.problem);
  if (dates.notice) notices.push(dates.notice);

  const ctx: MapContext = {
    headers: sheet.headers,
    columns: chosen.columns,
    accounts: loadAccounts(store),
    contracts: ContractSkus.load(store),
    order: dates.order,
    zone: localTimeZone(store),
    defaultCategory: input.defaultCategory,
  };
  const mapped = sheet.rows.map((r) => mapRow(ctx, r));

  // Imports are one person's time: a team export would file colleagues' hours as ours.
  const people = [...new Set(mapped.map((m) => m.user.toLowerCase()).filter(Boolean))];
  const profile = new ProfileRepo(store).get();
  if (people.length > 1) {
    fileErrors.push(`The file holds the time of ${people.length} people (${people.slice(0, 4).join(', ')}${people.length > 4 ? ', …' : ''}). Export only your own time and import that.`);
  } else if (people.length === 1 && people[0] !== userId && people[0] !== profile?.name.toLowerCase()) {
    notices.push(`The time in this file is ${mapped.find((m) => m.user)?.user ?? ''}'s; it will be recorded as yours (${userId}).`);
  }

  const rows = markDuplicates(store, userId, mapped);
  checkRules(store, userId, rows);
  const counts = {
    rows: rows.length,
    ready: rows.filter((r) => r.status === 'ready').length,
    duplicates: rows.filter((r) => r.status === 'duplicate').length,
    errors: rows.filter((r) => r.status === 'error').length,
  };
  const readyMinutes = rows.reduce((sum, r) => sum + (r.status === 'ready' ? (r.draft?.minutes ?? 0) : 0), 0);
  return { format: chosen.format, headers: sheet.headers, mapping: chosen.mapping, fileErrors, notices, rows, counts, readyMinutes };
}

function markDuplicates(store: Store, userId: string, mapped: Mapped[]): TimeImportPreviewRow[] {
  const stored = storedEntriesAround(store, userId, mapped.flatMap((m) => (m.draft ? [m.draft.date] : [])));
  const storedByPrint = new Map<string, StoredEntry>();
  for (const e of stored) storedByPrint.set(fingerprint(e), e);
  const seen = new Map<string, number>();
  return mapped.map((m) => {
    if (!m.draft || m.errors.length > 0) return { row: m.row, status: 'error', draft: m.draft, accountName: m.accountName, errors: m.errors, duplicateOf: null };
    const print = fingerprint(m.draft);
    const storedTwin = storedByPrint.get(print);
    const fileTwin = seen.get(print);
    if (fileTwin === undefined) seen.set(print, m.row);
    const duplicateOf: TimeImportPreviewRow['duplicateOf'] = storedTwin ? { kind: 'stored', id: storedTwin.id } : fileTwin !== undefined ? { kind: 'row', row: fileTwin } : null;
    return { row: m.row, status: duplicateOf ? 'duplicate' : 'ready', draft: m.draft, accountName: m.accountName, errors: [], duplicateOf };
  });
}

/** The time rules over the rows that would be written, with overlaps named by row number. */
function checkRules(store: Store, userId: string, rows: TimeImportPreviewRow[]): void {
  const ready = rows.filter((r) => r.status === 'ready' && r.draft);
  const drafts = ready.map((r) => r.draft as TimeEntryDraft);
  for (const problem of checkImportDrafts(store, userId, drafts)) {
    const row = ready[problem.index];
    if (!row) continue;
    let message = problem.message;
    if (problem.overlaps && 'index' in problem.overlaps) message = `This overlaps row ${ready[problem.overlaps.index]?.row ?? '?'} of the file.`;
    else if (problem.overlaps) message = `This overlaps a timed entry you already have on ${problem.overlaps.date}.`;
    row.errors.push({ column: null, message });
    row.status = 'error';
  }
}

/** Every problem of a plan, one line each, for an error message and the CLI. */
export function planProblems(preview: TimeImportPreview): string[] {
  return [...preview.fileErrors, ...preview.rows.flatMap((r) => r.errors.map((e) => describeRowError(r.row, e)))];
}

/**
 * Imports the file's ready rows (duplicates are skipped), all or nothing. Any file or row error refuses
 * the whole import, so a person fixes the file and nothing is half-imported.
 */
export async function importTime(store: Store, input: TimeImportInput): Promise<TimeImportResult> {
  const preview = await planTimeImport(store, input);
  const problems = planProblems(preview);
  if (problems.length > 0) {
    const rowsWithErrors = preview.counts.errors;
    const what = preview.fileErrors.length === 0 ? `${rowsWithErrors} of ${preview.counts.rows} rows have problems` : 'The file cannot be imported';
    throw new FieldbookError('invalid', `${what}; nothing was imported. ${problems[0] ?? ''}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`, {
      problems: problems.slice(0, 200),
    });
  }
  const ready = preview.rows.filter((r) => r.status === 'ready' && r.draft);
  const drafts = ready.map((r) => r.draft as TimeEntryDraft);
  const ids = drafts.length > 0 ? commitTimeImport(store, drafts) : [];
  return { imported: ids.length, skippedDuplicates: preview.counts.duplicates, minutes: preview.readyMinutes, ids };
}

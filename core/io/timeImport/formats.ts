import type { TimeImportField, TimeImportFormat } from '../../model';

/**
 * The column sets of the trackers people export from, and how each column feeds an entry. Headers compare
 * without case and extra spaces. A tracker's columns may move or multiply between versions: a format is
 * recognised by the few columns it cannot do without, and the others are used when present.
 */
export type SourceField =
  | 'date'
  | 'start'
  | 'end'
  | 'endDate'
  | 'duration'
  | 'hours'
  | 'minutes'
  | 'account'
  /** Used as the account when the client column is empty (Toggl and Clockify allow projects without clients). */
  | 'project'
  | 'note'
  /** Matched against the contract's SKUs; otherwise kept in the note. */
  | 'task'
  /** Matched against categories; the rest is kept in the note. */
  | 'tags'
  | 'category'
  | 'sku'
  | 'billable'
  | 'user'
  | 'firstName'
  | 'lastName'
  | 'timeZone';

export type ColumnMap = Partial<Record<SourceField, number>>;

interface FormatSpec {
  /** Headers that must all be present for the format to be recognised. */
  requires: string[];
  /** Headers that must be absent (Clockify's and Toggl's sets overlap). */
  excludes?: string[];
  columns: Partial<Record<SourceField, string[]>>;
}

const FORMATS: Record<Exclude<TimeImportFormat, 'generic'>, FormatSpec> = {
  // Toggl Track, Reports › Detailed › Export CSV/XLSX.
  toggl: {
    requires: ['start date', 'start time', 'duration', 'description'],
    excludes: ['duration (h)', 'duration (decimal)'],
    columns: {
      user: ['email', 'user'],
      account: ['client'],
      project: ['project'],
      task: ['task'],
      note: ['description'],
      billable: ['billable'],
      date: ['start date'],
      start: ['start time'],
      endDate: ['end date'],
      end: ['end time'],
      duration: ['duration'],
      tags: ['tags'],
    },
  },
  // Harvest, Reports › Detailed time › Export.
  harvest: {
    requires: ['date', 'client', 'project', 'task', 'notes', 'hours'],
    columns: {
      date: ['date'],
      account: ['client'],
      project: ['project'],
      task: ['task'],
      note: ['notes'],
      hours: ['hours'],
      billable: ['billable?', 'billable'],
      firstName: ['first name'],
      lastName: ['last name'],
    },
  },
  // Clockify, Reports › Detailed › Export CSV/Excel.
  clockify: {
    requires: ['start date', 'start time', 'description', 'duration (h)'],
    columns: {
      user: ['email', 'user'],
      account: ['client'],
      project: ['project'],
      task: ['task'],
      note: ['description'],
      billable: ['billable'],
      date: ['start date'],
      start: ['start time'],
      endDate: ['end date'],
      end: ['end time'],
      duration: ['duration (h)'],
      hours: ['duration (decimal)'],
      tags: ['tags'],
    },
  },
  // Fieldbook's own CSV and XLSX export (core/io/timeExport/columns.ts).
  fieldbook: {
    requires: ['date', 'account', 'minutes', 'entry id'],
    columns: {
      date: ['date'],
      user: ['person'],
      account: ['account'],
      category: ['category'],
      sku: ['sku'],
      billable: ['billable'],
      start: ['start'],
      end: ['end'],
      timeZone: ['time zone'],
      minutes: ['minutes'],
      note: ['note'],
    },
  },
};

export function normalHeader(header: string): string {
  return header.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** The tracker whose column set the headers show; null when none fits. */
export function detectFormat(headers: readonly string[]): Exclude<TimeImportFormat, 'generic'> | null {
  const present = new Set(headers.map(normalHeader));
  const order: Array<Exclude<TimeImportFormat, 'generic'>> = ['fieldbook', 'harvest', 'toggl', 'clockify'];
  return order.find((f) => FORMATS[f].requires.every((h) => present.has(h)) && !(FORMATS[f].excludes ?? []).some((h) => present.has(h))) ?? null;
}

/** Where each field of a tracker's format sits in these headers. */
export function trackerColumns(format: Exclude<TimeImportFormat, 'generic'>, headers: readonly string[]): ColumnMap {
  const index = new Map<string, number>();
  headers.forEach((h, i) => {
    const key = normalHeader(h);
    if (!index.has(key)) index.set(key, i);
  });
  const map: ColumnMap = {};
  for (const [field, names] of Object.entries(FORMATS[format].columns) as Array<[SourceField, string[]]>) {
    const found = names.map((n) => index.get(n)).find((i) => i !== undefined);
    if (found !== undefined) map[field] = found;
  }
  return map;
}

const GENERIC_FIELDS: Record<Exclude<TimeImportField, 'ignore'>, SourceField> = {
  date: 'date',
  start: 'start',
  end: 'end',
  duration: 'duration',
  hours: 'hours',
  minutes: 'minutes',
  account: 'account',
  note: 'note',
  sku: 'sku',
  category: 'category',
  billable: 'billable',
  user: 'user',
};

/** A person's mapping of a generic file, checked: every column exists, no field twice, the essentials there. */
export function genericColumns(headers: readonly string[], mapping: Record<string, TimeImportField>): { columns: ColumnMap; problems: string[] } {
  const problems: string[] = [];
  const columns: ColumnMap = {};
  const index = new Map(headers.map((h, i) => [normalHeader(h), i]));
  for (const [header, field] of Object.entries(mapping)) {
    if (field === 'ignore') continue;
    const i = index.get(normalHeader(header));
    if (i === undefined) {
      problems.push(`The file has no column “${header}”.`);
      continue;
    }
    const source = GENERIC_FIELDS[field];
    if (columns[source] !== undefined) {
      problems.push(`Two columns are mapped to ${field}; choose one.`);
      continue;
    }
    columns[source] = i;
  }
  if (columns.date === undefined && columns.start === undefined) problems.push('Map a column to Date.');
  if (columns.account === undefined) problems.push('Map a column to Account.');
  const hasTime = columns.duration !== undefined || columns.hours !== undefined || columns.minutes !== undefined || (columns.start !== undefined && columns.end !== undefined);
  if (!hasTime) problems.push('Map a column to Duration, Hours or Minutes (or map both Start time and End time).');
  return { columns, problems };
}

/** How a tracker's columns read as import fields, for the preview to show which column fed what. */
const AS_IMPORT_FIELD: Record<SourceField, TimeImportField> = {
  date: 'date',
  start: 'start',
  end: 'end',
  endDate: 'end',
  duration: 'duration',
  hours: 'hours',
  minutes: 'minutes',
  account: 'account',
  project: 'account',
  note: 'note',
  task: 'sku',
  tags: 'category',
  category: 'category',
  sku: 'sku',
  billable: 'billable',
  user: 'user',
  firstName: 'user',
  lastName: 'user',
  timeZone: 'ignore',
};

export function describeColumns(headers: readonly string[], columns: ColumnMap): Record<string, TimeImportField> {
  const mapping: Record<string, TimeImportField> = {};
  for (const [field, i] of Object.entries(columns) as Array<[SourceField, number]>) {
    const header = headers[i];
    if (header !== undefined && !(header in mapping)) mapping[header] = AS_IMPORT_FIELD[field];
  }
  return mapping;
}

/** A first guess at a generic file's mapping from header words, for the person to correct. */
export function suggestMapping(headers: readonly string[]): Record<string, TimeImportField> {
  const guesses: Array<[RegExp, TimeImportField]> = [
    [/^(date|day|datum|work date|spent date)$/, 'date'],
    [/^(start|start time|from|begin)$/, 'start'],
    [/^(end|end time|to|until|finish)$/, 'end'],
    [/^(duration|time|time spent|h:mm)$/, 'duration'],
    [/^(hours|hrs|decimal hours)$/, 'hours'],
    [/^(minutes|mins)$/, 'minutes'],
    [/^(account|client|customer|company)$/, 'account'],
    [/^(note|notes|description|comment|details)$/, 'note'],
    [/^(sku|service)$/, 'sku'],
    [/^(category|activity|type)$/, 'category'],
    [/^(billable|billable\?)$/, 'billable'],
    [/^(user|person|email|employee)$/, 'user'],
  ];
  const mapping: Record<string, TimeImportField> = {};
  const used = new Set<TimeImportField>();
  for (const header of headers) {
    const guess = guesses.find(([re, field]) => re.test(normalHeader(header)) && !used.has(field))?.[1] ?? 'ignore';
    if (guess !== 'ignore') used.add(guess);
    mapping[header] = guess;
  }
  return mapping;
}

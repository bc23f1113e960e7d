import type { ImportFieldDef } from './target';

/** Header text compared without case, accents, punctuation or spacing: "Support-Tier " is "support tier". */
export function headerKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLocaleLowerCase('en')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Guesses which field each column holds from its header; each field goes to the first column that names it. */
export function guessMapping(headers: readonly string[], fields: readonly ImportFieldDef[]): Record<string, string | null> {
  const taken = new Set<string>();
  const mapping: Record<string, string | null> = {};
  for (const header of headers) {
    const key = headerKey(header);
    const field = fields.find((f) => !taken.has(f.key) && [f.key, f.label, ...f.aliases].some((name) => headerKey(name) === key));
    mapping[header] = field ? field.key : null;
    if (field) taken.add(field.key);
  }
  return mapping;
}

/** Problems with a mapping as a whole, in the user's words; empty when rows can be read with it. */
export function mappingProblems(mapping: Readonly<Record<string, string | null>>, headers: readonly string[], fields: readonly ImportFieldDef[], typeLabel: string): string[] {
  const problems: string[] = [];
  const columnsOf = new Map<string, string[]>();
  for (const [column, field] of Object.entries(mapping)) {
    if (field === null || field === '') continue;
    if (!headers.includes(column)) {
      problems.push(`The file has no column "${column}". Its columns are: ${headers.join(', ')}.`);
      continue;
    }
    if (!fields.some((f) => f.key === field)) {
      problems.push(`"${field}" is not a field of ${typeLabel.toLowerCase()}. The fields are: ${fields.map((f) => f.key).join(', ')}.`);
      continue;
    }
    columnsOf.set(field, [...(columnsOf.get(field) ?? []), column]);
  }
  for (const f of fields) {
    const columns = columnsOf.get(f.key) ?? [];
    if (columns.length > 1) problems.push(`${columns.map((c) => `"${c}"`).join(' and ')} are all mapped to ${f.label}. Map only one of them.`);
    if (f.required && columns.length === 0) problems.push(`No column is mapped to ${f.label}. Choose the column that holds it.`);
  }
  return problems;
}

import type { RawPullResponse } from './sync';

/**
 * A pull answer as JSON text, with each change's fields spliced in as stored. The server wrote that text with
 * JSON.stringify when it accepted the change, so it is valid JSON; everything around it is serialised here.
 * Parsing and re-serialising every field of a page of 1000 changes was the largest single cost of a pull.
 */
export function pullResponseJson(page: RawPullResponse): string {
  const changes = page.changes.map(
    (c) => `{"serverSeq":${c.serverSeq},"table":${JSON.stringify(c.table)},"id":${JSON.stringify(c.id)},"accountId":${JSON.stringify(c.accountId)},"fields":${c.fieldsJson}}`,
  );
  const { changes: _changes, ...rest } = page;
  const tail = JSON.stringify(rest);
  return `{"changes":[${changes.join(',')}],${tail.slice(1)}`;
}

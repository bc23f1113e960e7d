import { CATALOG_KIND_LABELS, FieldbookError } from '../model';
import type { CatalogEntry, CatalogKind } from '../model';
import { CatalogRepo } from '../store/catalogRepo';
import type { ServiceContext } from './context';

export class CatalogService {
  private readonly repo: CatalogRepo;

  constructor(ctx: ServiceContext) {
    this.repo = new CatalogRepo(ctx.store);
  }

  list(kind?: CatalogKind): CatalogEntry[] {
    return this.repo.list(kind);
  }

  /** The one check that a value belongs to its catalog; its error names the allowed values. */
  problem(kind: CatalogKind, code: string): string | null {
    if (this.repo.has(kind, code)) return null;
    const allowed = this.repo.list(kind).map((e) => e.code);
    return `"${code}" is not a known ${CATALOG_KIND_LABELS[kind]}. Choose one of: ${allowed.join(', ')}.`;
  }

  require(kind: CatalogKind, code: string, field: string): void {
    const problem = this.problem(kind, code);
    if (problem) throw new FieldbookError('invalid', problem, { fields: { [field]: problem } });
  }
}

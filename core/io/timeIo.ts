import type { TimeExportFile, TimeExportRequest, TimeImportPreview, TimeImportRequest, TimeImportResult } from '../model';
import type { ServiceContext } from '../services';
import type { TimeImportInput } from './timeImport/preview';

/**
 * The API's side of time export and import: files travel as base64, and writes announce the table they
 * changed. The writers and readers (exceljs, pdfkit, csv) load on first use, not with every core that opens.
 */
export class TimeIoApi {
  constructor(private readonly ctx: ServiceContext) {}

  async export(request: TimeExportRequest): Promise<TimeExportFile> {
    const { exportTimeToBuffer } = await import('./timeExport');
    const { bytes, ...outcome } = await exportTimeToBuffer(this.ctx.store, request);
    if (outcome.markedExported > 0) this.ctx.changed(['time_entries']);
    return { ...outcome, contentBase64: bytes.toString('base64') };
  }

  async preview(request: TimeImportRequest): Promise<TimeImportPreview> {
    const { planTimeImport } = await import('./timeImport/preview');
    return planTimeImport(this.ctx.store, importInput(request));
  }

  async commit(request: TimeImportRequest): Promise<TimeImportResult> {
    const { importTime } = await import('./timeImport/preview');
    const result = await importTime(this.ctx.store, importInput(request));
    if (result.imported > 0) this.ctx.changed(['time_entries']);
    return result;
  }
}

function importInput(request: TimeImportRequest): TimeImportInput {
  const { contentBase64, ...rest } = request;
  return { ...rest, bytes: Buffer.from(contentBase64, 'base64') };
}

import { randomBytes } from 'node:crypto';
import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openCore } from '../api/core';
import { FieldbookError } from '../model';
import type { WeeklyPack } from '../model';
import type { CliIo } from './main';

export const REPORT_USAGE = `  report weekly --week 2026-W48 --out FILE.pdf [--csv FILE.csv]
                [--tier T] [--segment S] [--region R] [--owner NAME] [--account ID]
                                   The weekly metrics review: a PDF of every figure and chart, and a CSV of
                                   the numbers (next to the PDF unless --csv says where).`;

class ReportUsageError extends Error {}

/** Writes next to the target and renames: a failed export never leaves a half-written file behind. */
function writeAtomically(path: string, data: Buffer): void {
  const target = resolve(path);
  const folder = dirname(target);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new FieldbookError('invalid', `Cannot write ${path}: the folder ${folder} does not exist.`);
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

/** `fieldbook report weekly …`: one API call (reports.weekly), two files. */
export async function reportCommand(dataDir: string, args: string[], io: CliIo): Promise<number> {
  try {
    const [action, ...rest] = args;
    if (action !== 'weekly') throw new ReportUsageError(`Unknown command "report${action ? ` ${action}` : ''}".`);
    let values: Record<string, string | boolean | undefined>;
    try {
      values = parseArgs({
        args: rest,
        options: {
          week: { type: 'string' },
          out: { type: 'string' },
          csv: { type: 'string' },
          tier: { type: 'string' },
          segment: { type: 'string' },
          region: { type: 'string' },
          owner: { type: 'string' },
          account: { type: 'string' },
        },
        strict: true,
      }).values;
    } catch (error) {
      throw new ReportUsageError((error as Error).message);
    }
    const week = values['week'] as string | undefined;
    const out = values['out'] as string | undefined;
    if (!week || !out) throw new ReportUsageError('report weekly needs --week YYYY-Www and --out FILE.pdf.');
    const csvPath = (values['csv'] as string | undefined) ?? (/\.pdf$/i.test(out) ? out.replace(/\.pdf$/i, '.csv') : `${out}.csv`);
    const input: Record<string, string> = { week };
    for (const key of ['tier', 'segment', 'region', 'owner'] as const) if (typeof values[key] === 'string') input[key] = values[key];
    if (typeof values['account'] === 'string') input['accountId'] = values['account'];
    const core = await openCore({ dataDir, host: 'in-process', watchIntervalMs: 0 });
    try {
      const result = await core.link.request('reports.weekly', input);
      if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
      const pack = result.data as WeeklyPack;
      const pdf = Buffer.from(pack.pdf.content, 'base64');
      const csv = Buffer.from(pack.csv.content, 'utf8');
      writeAtomically(out, pdf);
      writeAtomically(csvPath, csv);
      io.out(`Wrote ${out} (${pdf.length.toLocaleString('en')} bytes) and ${csvPath} (${csv.length.toLocaleString('en')} bytes).`);
      return 0;
    } finally {
      core.close();
    }
  } catch (error) {
    if (!(error instanceof ReportUsageError)) throw error;
    io.err(`fieldbook: ${error.message}\n\nUsage:\n${REPORT_USAGE}`);
    return 2;
  }
}

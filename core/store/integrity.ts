import { Worker } from 'node:worker_threads';

export interface IntegrityResult {
  ok: boolean;
  problems: string[];
}

// Plain JavaScript so the worker needs no TypeScript loader in any host.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.path, { readonly: true, nativeBinding: workerData.nativeBinding || undefined });
  const rows = db.pragma('integrity_check');
  const problems = rows.map((r) => r.integrity_check).filter((v) => v !== 'ok');
  parentPort.postMessage({ ok: problems.length === 0, problems });
} catch (error) {
  parentPort.postMessage({ ok: false, problems: [String(error && error.message || error)] });
} finally {
  if (db) db.close();
}
`;

/** The full `PRAGMA integrity_check`, on its own read-only connection in a worker thread so the app stays responsive. */
export function runIntegrityCheck(path: string, sqliteModule: string, nativeBinding?: string): Promise<IntegrityResult> {
  return new Promise((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: { path, module: sqliteModule, nativeBinding: nativeBinding ?? null },
    });
    worker.once('message', (result: IntegrityResult) => resolve(result));
    worker.once('error', (error) => resolve({ ok: false, problems: [error.message] }));
  });
}

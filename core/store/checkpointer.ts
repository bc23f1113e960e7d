import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints off the write path. SQLite's automatic checkpoint runs inside the COMMIT that crosses its
 * threshold, so about one local write in a hundred also copied the WAL back and synced the file: that was the
 * single-mutation p99 (5–9 ms against a p50 of 0.15 ms). Here the writing connection only notices that the
 * WAL has grown, and a worker thread with its own connection runs a PASSIVE checkpoint, which never blocks the
 * writer. The writing connection keeps a much higher automatic threshold as a backstop should the worker fail.
 */

// Plain JavaScript so the worker needs no TypeScript loader in any host (as in integrity.ts).
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db = null;
parentPort.on('message', (message) => {
  if (message === 'close') {
    if (db) db.close();
    db = null;
    parentPort.close();
    return;
  }
  try {
    if (!db) {
      db = new Database(workerData.path, { fileMustExist: true, nativeBinding: workerData.nativeBinding || undefined });
      db.pragma('busy_timeout = 5000');
      // This connection only checkpoints: it never checkpoints on its own commits (it makes none).
      db.pragma('wal_autocheckpoint = 0');
    }
    db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true });
  } catch (error) {
    parentPort.postMessage({ ok: false, message: String((error && error.message) || error) });
  }
});
`;

/** WAL size (bytes) past which the worker is asked to checkpoint: about SQLite's own default of 1,000 pages. */
export const CHECKPOINT_AFTER_BYTES = 4 * 1024 * 1024;
/** The writing connection's own automatic checkpoint, in pages: only if the worker falls far behind. */
export const BACKSTOP_PAGES = 16_000;
/** The WAL's size is looked at every this many commits: a stat per commit would cost more than it saves. */
const LOOK_EVERY = 16;
/**
 * A checkpointed WAL is reused from its start, so its file keeps its size: once the file has grown past the
 * threshold, the next checkpoint is due when it grows again or after this many small commits (about SQLite's
 * 1,000 pages at a handful of pages each), not every time the size is looked at.
 */
const COMMITS_PER_CHECKPOINT = 128;

export interface CheckpointerOptions {
  path: string;
  sqliteModule: string;
  nativeBinding?: string;
  afterBytes?: number;
}

export class Checkpointer {
  private worker: Worker | null = null;
  private busy = false;
  private commits = 0;
  /** Commits since the last checkpoint was asked for, and the WAL's size when it finished. */
  private since = 0;
  private sizeAfter = 0;
  private closed = false;
  /** Checkpoints asked for, and finished by the worker; what a test looks at. */
  requested = 0;
  done = 0;
  lastError: string | null = null;
  private readonly waiters: Array<() => void> = [];

  constructor(private readonly options: CheckpointerOptions) {}

  /** Called after each committed write: cheap, and asks for a checkpoint once the WAL has grown. */
  afterCommit(): void {
    this.commits += 1;
    this.since += 1;
    if (this.busy || this.closed || this.commits % LOOK_EVERY !== 0) return;
    const size = this.walSize();
    if (size < (this.options.afterBytes ?? CHECKPOINT_AFTER_BYTES)) return;
    if (size > this.sizeAfter || this.since >= COMMITS_PER_CHECKPOINT) this.request();
  }

  private walSize(): number {
    try {
      return statSync(`${this.options.path}-wal`).size;
    } catch {
      return 0;
    }
  }

  /** Resolves after the next checkpoint the worker finishes (tests). */
  next(): Promise<void> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private request(): void {
    this.busy = true;
    this.since = 0;
    this.requested += 1;
    if (!this.worker) {
      this.worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { path: this.options.path, module: this.options.sqliteModule, nativeBinding: this.options.nativeBinding ?? null },
      });
      this.worker.on('message', (result: { ok: boolean; message?: string }) => {
        this.busy = false;
        this.sizeAfter = this.walSize();
        if (result.ok) this.done += 1;
        else this.lastError = result.message ?? 'checkpoint failed';
        for (const resolve of this.waiters.splice(0)) resolve();
      });
      this.worker.on('error', (error) => {
        // The backstop threshold of the writing connection takes over from here; nothing is lost.
        this.lastError = error.message;
        this.worker = null;
        this.closed = true;
        for (const resolve of this.waiters.splice(0)) resolve();
      });
      // Never what keeps a process alive: a CLI run ends when its work does. After the listeners, which would
      // hold the worker's port again.
      this.worker.unref();
    }
    this.worker.postMessage('checkpoint');
  }

  close(): void {
    this.closed = true;
    this.worker?.postMessage('close');
    this.worker = null;
  }
}

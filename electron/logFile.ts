/**
 * Rotating log files in `<data folder>/logs/`: fieldbook.log, then fieldbook.1.log … (oldest dropped). Every
 * message passes through scrubLogMessage, so no record content and no secret is ever written. Logging never
 * throws: a full disk must not take the app down.
 */
import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { scrubLogMessage } from './redact';

export type LogLevel = 'info' | 'warn' | 'error';

export interface RotatingLogOptions {
  dir: string;
  /** Rotate when the current file would grow past this. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. */
  keep?: number;
  now?: () => Date;
}

export const LOG_DIR = 'logs';
const BASE = 'fieldbook';

export class RotatingLog {
  readonly dir: string;
  private readonly maxBytes: number;
  private readonly keep: number;
  private readonly now: () => Date;

  constructor(options: RotatingLogOptions) {
    this.dir = options.dir;
    this.maxBytes = options.maxBytes ?? 1024 * 1024;
    this.keep = options.keep ?? 4;
    this.now = options.now ?? (() => new Date());
  }

  /** `fieldbook.log` for 0, `fieldbook.<n>.log` for the rotated ones (1 is the newest). */
  file(index = 0): string {
    return join(this.dir, index === 0 ? `${BASE}.log` : `${BASE}.${index}.log`);
  }

  write(level: LogLevel, source: string, message: string): void {
    const line = `${this.now().toISOString()} ${level.toUpperCase()} ${scrubLogMessage(source)}: ${scrubLogMessage(message)}\n`;
    try {
      mkdirSync(this.dir, { recursive: true, mode: 0o700 });
      const current = this.file();
      if (existsSync(current) && statSync(current).size + Buffer.byteLength(line) > this.maxBytes) this.rotate();
      const created = !existsSync(current);
      appendFileSync(current, line, { mode: 0o600 });
      if (created && process.platform !== 'win32') chmodSync(current, 0o600);
    } catch {
      // Nowhere left to report it; the app goes on.
    }
  }

  /** The last `count` lines, oldest first, across the current and rotated files. */
  tail(count: number): string[] {
    const lines: string[] = [];
    for (let index = 0; index <= this.keep && lines.length < count; index += 1) {
      const file = this.file(index);
      if (!existsSync(file)) continue;
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      const fileLines = text.split('\n').filter((line) => line !== '');
      lines.unshift(...fileLines.slice(Math.max(0, fileLines.length - (count - lines.length))));
    }
    return lines;
  }

  private rotate(): void {
    rmSync(this.file(this.keep), { force: true });
    for (let index = this.keep - 1; index >= 0; index -= 1) {
      const from = this.file(index);
      if (existsSync(from)) renameSync(from, this.file(index + 1));
    }
  }
}

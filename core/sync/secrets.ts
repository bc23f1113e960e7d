import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where device tokens live. The desktop app supplies one backed by Electron's safeStorage, which answers
 * later (it asks the main process), so callers always await.
 */
export interface SecretStore {
  get(key: string): string | null | Promise<string | null>;
  set(key: string, value: string): void | Promise<void>;
  delete(key: string): void | Promise<void>;
}

/** The names a secret may have: safe as a file name on every platform. */
export const SECRET_KEY_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

/** For the CLI and the browser host: one file per secret, readable by this user alone (DESIGN.md §6). */
export class FileSecretStore implements SecretStore {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'secrets');
  }

  private path(key: string): string {
    if (!SECRET_KEY_PATTERN.test(key)) throw new Error(`Bad secret name: ${key}`);
    return join(this.dir, `${key}.secret`);
  }

  get(key: string): string | null {
    const path = this.path(key);
    return existsSync(path) ? readFileSync(path, 'utf8') : null;
  }

  set(key: string, value: string): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = this.path(key);
    writeFileSync(path, value, { mode: 0o600 });
    if (process.platform !== 'win32') chmodSync(path, 0o600);
  }

  delete(key: string): void {
    rmSync(this.path(key), { force: true });
  }
}

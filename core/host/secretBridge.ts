/**
 * The desktop app's secret store, seen from the core. The core runs in an Electron utility process, which
 * has no safeStorage; the main process has. So each get/set/delete is a request to the main process over
 * the parent port, answered by its safeStorage vault (electron/secretVault.ts). A refusal there (no secure
 * storage, only the plaintext fallback) arrives here as an error in the user's words.
 */
import { FieldbookError } from '../model';
import { SECRET_KEY_PATTERN } from '../sync/secrets';
import type { SecretStore } from '../sync/secrets';

export type SecretOp = 'get' | 'set' | 'delete';

/** Core → main. `value` only for `set`. */
export interface SecretRequest {
  kind: 'secret';
  id: number;
  op: SecretOp;
  key: string;
  value?: string;
}

/** Main → core: the answer to request `id`. */
export type SecretResult = { kind: 'secret-result'; id: number; ok: true; value: string | null } | { kind: 'secret-result'; id: number; ok: false; message: string };

export function isSecretKey(key: unknown): key is string {
  return typeof key === 'string' && SECRET_KEY_PATTERN.test(key);
}

export function isSecretRequest(value: unknown): value is SecretRequest {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Partial<SecretRequest>;
  return (
    r.kind === 'secret' &&
    typeof r.id === 'number' &&
    (r.op === 'get' || r.op === 'set' || r.op === 'delete') &&
    isSecretKey(r.key) &&
    (r.op === 'set' ? typeof r.value === 'string' : r.value === undefined)
  );
}

export function isSecretResult(value: unknown): value is SecretResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { kind?: unknown; id?: unknown; ok?: unknown; value?: unknown; message?: unknown };
  if (r.kind !== 'secret-result' || typeof r.id !== 'number') return false;
  return r.ok === true ? r.value === null || typeof r.value === 'string' : r.ok === false && typeof r.message === 'string';
}

const DEFAULT_TIMEOUT_MS = 30_000;

interface Waiting {
  resolve(value: string | null): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/** A SecretStore whose answers come from the main process. */
export class BridgedSecretStore implements SecretStore {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private closed = false;

  constructor(
    private readonly send: (request: SecretRequest) => void,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  get(key: string): Promise<string | null> {
    return this.request('get', key);
  }

  async set(key: string, value: string): Promise<void> {
    await this.request('set', key, value);
  }

  async delete(key: string): Promise<void> {
    await this.request('delete', key);
  }

  /** An answer from the main process; unknown ids (a reply meant for a previous run) are ignored. */
  receive(result: SecretResult): void {
    const waiting = this.waiting.get(result.id);
    if (!waiting) return;
    this.waiting.delete(result.id);
    clearTimeout(waiting.timer);
    if (result.ok) waiting.resolve(result.value);
    else waiting.reject(new FieldbookError('unavailable', result.message));
  }

  /** Fails every request still waiting: the process is shutting down. */
  close(): void {
    this.closed = true;
    for (const [id, waiting] of this.waiting) {
      clearTimeout(waiting.timer);
      waiting.reject(new FieldbookError('unavailable', 'Fieldbook is closing; the device token was not read or stored.'));
      this.waiting.delete(id);
    }
  }

  private request(op: SecretOp, key: string, value?: string): Promise<string | null> {
    if (!SECRET_KEY_PATTERN.test(key)) return Promise.reject(new Error(`Bad secret name: ${key}`));
    if (this.closed) return Promise.reject(new FieldbookError('unavailable', 'Fieldbook is closing; the device token was not read or stored.'));
    const id = this.nextId++;
    return new Promise<string | null>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new FieldbookError('unavailable', 'The desktop app did not answer for the secure storage in time. Try again.'));
      }, this.timeoutMs);
      timer.unref?.();
      this.waiting.set(id, { resolve, reject, timer });
      try {
        this.send({ kind: 'secret', id, op, key, ...(op === 'set' ? { value } : {}) });
      } catch (error) {
        clearTimeout(timer);
        this.waiting.delete(id);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }
}

/**
 * Device tokens of the desktop app, kept through Electron's safeStorage (DESIGN.md §6) and served to the
 * core's utility process over the secret bridge (core/host/secretBridge.ts). Each secret is one file,
 * `<data folder>/secrets/<name>.safe`, holding only ciphertext, readable by the user alone.
 *
 * The plaintext fallback is refused: when the OS offers no secure storage, or on Linux when Electron would
 * use its 'basic_text' backend (no keyring: a fixed, well-known key), nothing is stored or read and the user
 * is told why. Deleting is always allowed: removing a token never needs the key.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isSecretKey } from '../core/host/secretBridge';
import type { SecretRequest, SecretResult } from '../core/host/secretBridge';

/** The parts of Electron's safeStorage the vault uses (the asynchronous API; the synchronous one is deprecated). */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

export const NO_SECURE_STORAGE =
  'Fieldbook will not keep a device token: this computer offers no secure storage for it right now (the system keychain or keyring is not available to this session). Nothing was stored; sign in to a desktop session with a keyring and try again, or ask your administrator.';

export const PLAINTEXT_BACKEND =
  'Fieldbook will not keep a device token in plain text: no keyring (GNOME Keyring / libsecret or KWallet) is available to this session, so Electron could only use its "basic_text" store, which anyone who can read your files could decrypt. Nothing was stored; start a keyring service and try again, or ask your administrator.';

/** Linux backends that are not a real keyring: 'unknown' is what Electron answers before it is ready. */
const REFUSED_BACKENDS = new Set(['basic_text', 'unknown']);

/** Why secure storage cannot be used here, or null when it can. */
export async function secureStorageRefusal(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<string | null> {
  const available = await safeStorage.isAsyncEncryptionAvailable().catch(() => false);
  if (!available) return NO_SECURE_STORAGE;
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend?.() ?? 'unknown';
    if (REFUSED_BACKENDS.has(backend)) return PLAINTEXT_BACKEND;
  }
  return null;
}

export interface SecretVaultOptions {
  /** The data folder: secrets live in its `secrets/` folder, next to the database that names the targets. */
  dataDir: string;
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
}

export class SecretVault {
  private readonly dir: string;

  constructor(private readonly options: SecretVaultOptions) {
    this.dir = join(options.dataDir, 'secrets');
  }

  /** Answers one request from the core; never throws. */
  async handle(request: SecretRequest): Promise<SecretResult> {
    const fail = (message: string): SecretResult => ({ kind: 'secret-result', id: request.id, ok: false, message });
    if (!isSecretKey(request.key)) return fail('That secret name is not allowed.');
    try {
      switch (request.op) {
        case 'delete':
          rmSync(this.path(request.key), { force: true });
          return { kind: 'secret-result', id: request.id, ok: true, value: null };
        case 'get':
          return { kind: 'secret-result', id: request.id, ok: true, value: await this.read(request.key) };
        case 'set':
          if (typeof request.value !== 'string') return fail('No value to store.');
          await this.write(request.key, request.value);
          return { kind: 'secret-result', id: request.id, ok: true, value: null };
      }
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error));
    }
  }

  private path(key: string): string {
    return join(this.dir, `${key}.safe`);
  }

  private async refuseUnlessSecure(): Promise<void> {
    const refusal = await secureStorageRefusal(this.options.safeStorage, this.options.platform);
    if (refusal) throw new Error(refusal);
  }

  private async read(key: string): Promise<string | null> {
    const path = this.path(key);
    if (!existsSync(path)) return null;
    await this.refuseUnlessSecure();
    let decrypted: { result: string; shouldReEncrypt: boolean };
    try {
      decrypted = await this.options.safeStorage.decryptStringAsync(readFileSync(path));
    } catch {
      throw new Error(
        'The stored device token could not be decrypted (it was stored by another user account or on another computer). Register this device with the server again.',
      );
    }
    // The OS rotated its key: store the token again under the current one.
    if (decrypted.shouldReEncrypt) await this.write(key, decrypted.result);
    return decrypted.result;
  }

  private async write(key: string, value: string): Promise<void> {
    await this.refuseUnlessSecure();
    const encrypted = await this.options.safeStorage.encryptStringAsync(value);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const path = this.path(key);
    writeFileSync(path, encrypted, { mode: 0o600 });
    if (this.options.platform !== 'win32') chmodSync(path, 0o600);
  }
}

import { createStore } from 'zustand/vanilla';
import { BUNDLE_CHUNK_BYTES } from '../../../../core/api/contract';
import type { BundlesStatus } from '../../../../core/api/contract';
import type { BundleDeviceInfo, BundleExportSummary, BundleImportSummary, BundleTargetInfo } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

/** What the Bundles section is doing now; one thing at a time. */
export type BundleWork =
  | { kind: 'keys' }
  | { kind: 'trust' }
  | { kind: 'export'; targetId: string }
  | { kind: 'import'; sent: number; total: number; applying: boolean };

/** The outcome of the last action, shown until the next one starts. */
export type BundleOutcome =
  | { kind: 'keys'; device: BundleDeviceInfo }
  | { kind: 'trust'; target: BundleTargetInfo }
  | { kind: 'export'; summary: BundleExportSummary }
  | { kind: 'import'; summary: BundleImportSummary; fileName: string }
  | { kind: 'error'; action: 'keys' | 'trust' | 'export' | 'import'; message: string };

type BundleAction = Extract<BundleOutcome, { kind: 'error' }>['action'];

export interface BundlesState {
  status: BundlesStatus | undefined;
  loadError: string | null;
  work: BundleWork | null;
  outcome: BundleOutcome | null;
  load: () => Promise<void>;
  createKeys: (replace: boolean) => Promise<void>;
  trust: (keyFile: string) => Promise<void>;
  /** The bundle's bytes and file name, for the page to offer as a download; null when it failed (see `outcome`). */
  exportTo: (targetId: string) => Promise<{ fileName: string; bytes: Uint8Array } | null>;
  importFile: (fileName: string, bytes: Uint8Array) => Promise<void>;
}

export type BundlesStore = ReturnType<typeof createBundlesStore>;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function createBundlesStore(client: ApiClient) {
  let latest = 0;
  return createStore<BundlesState>()((set, get) => {
    /** Runs one action: marks the work, records the outcome, re-reads the status either way. */
    async function act<T>(work: BundleWork, action: BundleAction, run: () => Promise<T>, done: (result: T) => BundleOutcome): Promise<T | null> {
      if (get().work) return null;
      set({ work, outcome: null });
      try {
        const result = await run();
        set({ outcome: done(result) });
        return result;
      } catch (error) {
        set({ outcome: { kind: 'error', action, message: errorMessage(error) } });
        return null;
      } finally {
        set({ work: null });
        await get().load();
      }
    }

    return {
      status: undefined,
      loadError: null,
      work: null,
      outcome: null,

      async load() {
        const request = ++latest;
        try {
          const status = await client.call('bundles.status', {});
          if (request === latest) set({ status, loadError: null });
        } catch (error) {
          if (request === latest) set({ loadError: errorMessage(error) });
        }
      },

      async createKeys(replace) {
        await act({ kind: 'keys' }, 'keys', () => client.call('bundles.createKeys', { replace }), (device) => ({ kind: 'keys', device }));
      },

      async trust(keyFile) {
        await act({ kind: 'trust' }, 'trust', () => client.call('bundles.trust', { keyFile }), (target) => ({ kind: 'trust', target }));
      },

      async exportTo(targetId) {
        const result = await act({ kind: 'export', targetId }, 'export', () => client.call('bundles.export', { targetId }), ({ data: _data, ...summary }) => ({ kind: 'export', summary }));
        return result ? { fileName: result.fileName, bytes: fromBase64(result.data) } : null;
      },

      async importFile(fileName, bytes) {
        const chunks = Math.max(1, Math.ceil(bytes.length / BUNDLE_CHUNK_BYTES));
        const uploadId = crypto.randomUUID();
        await act(
          { kind: 'import', sent: 0, total: bytes.length, applying: false },
          'import',
          async () => {
            for (let index = 0; index < chunks; index += 1) {
              const piece = bytes.subarray(index * BUNDLE_CHUNK_BYTES, (index + 1) * BUNDLE_CHUNK_BYTES);
              await client.call('bundles.upload', { uploadId, index, data: toBase64(piece) });
              set({ work: { kind: 'import', sent: Math.min(bytes.length, (index + 1) * BUNDLE_CHUNK_BYTES), total: bytes.length, applying: index === chunks - 1 } });
            }
            return client.call('bundles.import', { uploadId, chunks });
          },
          (summary) => ({ kind: 'import', summary, fileName }),
        );
      },
    };
  });
}

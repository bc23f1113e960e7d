import { FieldbookError } from '../model';
import type { BundleDeviceInfo, BundleImportSummary, BundleTargetInfo } from '../model';
import { hostname } from 'node:os';
import { MAX_BUNDLE_BYTES } from '../protocol/bundle';
import { ProfileRepo } from '../store/profileRepo';
import type { Store } from '../store/store';
import type { SyncTarget } from '../store/syncState';
import { bundleStatus, createDeviceKeys, exportBundle, importBundle, trustServer } from '../sync/bundles';
import type { SecretStore } from '../sync/secrets';
import type { BundlesStatus, InputOf, OutputOf, ParsedInputOf } from './contract';

export interface BundleApi {
  status(): BundlesStatus;
  createKeys(input: ParsedInputOf<'bundles.createKeys'>): BundleDeviceInfo;
  trust(input: ParsedInputOf<'bundles.trust'>): BundleTargetInfo;
  export(input: InputOf<'bundles.export'>): OutputOf<'bundles.export'>;
  upload(input: InputOf<'bundles.upload'>): { received: number };
  import(input: InputOf<'bundles.import'>): BundleImportSummary;
}

/** Pieces of files being uploaded, by upload id; an upload left behind is dropped after this long. */
const UPLOAD_TTL_MS = 10 * 60_000;

/**
 * Bundles for the UI: the same functions as the CLI (core/sync/bundles.ts). Files cross the API in base64 pieces
 * (the renderer reads the file, the core assembles it), so no transport's message limit is hit.
 */
export function createBundleApi(options: {
  store: Store;
  secrets: () => SecretStore;
  /** The kind of host this is, or why it cannot hold bundle keys. */
  host: () => SyncTarget['registeredFrom'];
  unavailable: string | null;
  changed: () => void;
}): BundleApi {
  const { store } = options;
  const uploads = new Map<string, { pieces: Buffer[]; size: number; at: number }>();
  const sweep = () => {
    for (const [id, upload] of uploads) if (Date.now() - upload.at > UPLOAD_TTL_MS) uploads.delete(id);
  };

  return {
    status: () =>
      options.unavailable !== null ? { device: null, targets: [], unavailable: options.unavailable } : { ...bundleStatus(store, options.secrets()), unavailable: null },

    createKeys: (input) => {
      options.host();
      // Named for people: whose device, and which computer (the administrator sees it when enrolling).
      const person = new ProfileRepo(store).get()?.name;
      const name = input.name ?? (person ? `${person} on ${hostname()}` : undefined);
      return createDeviceKeys(store, options.secrets(), { ...(name ? { name } : {}), replace: input.replace });
    },

    trust: ({ keyFile }) => trustServer(store, keyFile, options.host()),

    export: ({ targetId }) => {
      options.host();
      const { bytes, summary } = exportBundle(store, options.secrets(), targetId);
      return { ...summary, data: bytes.toString('base64') };
    },

    upload: ({ uploadId, index, data }) => {
      options.host();
      sweep();
      const upload = uploads.get(uploadId) ?? { pieces: [], size: 0, at: Date.now() };
      const piece = Buffer.from(data, 'base64');
      if (upload.size + piece.length > MAX_BUNDLE_BYTES) {
        uploads.delete(uploadId);
        throw new FieldbookError('invalid', `This file is larger than ${MAX_BUNDLE_BYTES / 1024 / 1024} MiB: it is not a bundle Fieldbook made.`);
      }
      // A piece sent again (a retry) replaces itself.
      upload.size += piece.length - (upload.pieces[index]?.length ?? 0);
      upload.pieces[index] = piece;
      upload.at = Date.now();
      uploads.set(uploadId, upload);
      return { received: upload.size };
    },

    import: ({ uploadId, chunks }) => {
      options.host();
      const upload = uploads.get(uploadId);
      uploads.delete(uploadId);
      const missing = upload ? Array.from({ length: chunks }, (_, i) => i).filter((i) => upload.pieces[i] === undefined) : [];
      if (!upload || missing.length > 0 || upload.pieces.length !== chunks) {
        throw new FieldbookError('invalid', 'The file did not arrive whole. Choose it again.');
      }
      const summary = importBundle(store, options.secrets(), Buffer.concat(upload.pieces));
      if (summary.pulled > 0 || summary.purged > 0) options.changed();
      return summary;
    },
  };
}

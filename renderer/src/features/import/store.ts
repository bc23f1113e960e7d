import { createStore } from 'zustand/vanilla';
import { IMPORT_CHUNK_BYTES, IMPORT_MAX_FILE_BYTES } from '../../../../core/model';
import type { ImportPreview, ImportResult, ImportTypeInfo } from '../../../../core/model';
import type { ApiClient } from '../../api/client';
import { errorMessage } from '../../api/client';

/** choose: pick a file · reading: uploading and reading it · preview: mapping and rows · importing: writing. */
export type ImportStep = 'choose' | 'reading' | 'preview' | 'importing';

export interface ImportState {
  open: boolean;
  type: string;
  types: ImportTypeInfo[];
  step: ImportStep;
  fileName: string | null;
  /** Share of the file sent to the core, 0 to 1. */
  progress: number;
  uploadId: string | null;
  preview: ImportPreview | null;
  mapping: Record<string, string | null>;
  /** A new preview for a changed mapping is on its way. */
  previewing: boolean;
  error: string | null;
  openDialog: (type?: string) => void;
  close: () => void;
  setType: (type: string) => void;
  chooseFile: (file: Blob & { name: string }) => Promise<void>;
  setMapping: (column: string, field: string | null) => void;
  commit: () => Promise<ImportResult | null>;
}

export type ImportStore = ReturnType<typeof createImportStore>;

/** Base64 of bytes, in slices: String.fromCharCode takes only so many arguments at once. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

const CLOSED = {
  step: 'choose' as ImportStep,
  fileName: null,
  progress: 0,
  uploadId: null,
  preview: null,
  mapping: {},
  previewing: false,
  error: null,
};

/** The import dialog: one file at a time; a newer file, mapping or close makes older answers stale. */
export function createImportStore(client: ApiClient) {
  let generation = 0;

  return createStore<ImportState>()((set, get) => {
    async function preview(mapping?: Record<string, string | null>): Promise<void> {
      const { uploadId, type } = get();
      if (!uploadId) return;
      const mine = ++generation;
      set({ previewing: true, error: null });
      try {
        const result = await client.call('import.preview', { uploadId, type, ...(mapping ? { mapping } : {}) });
        if (mine === generation) set({ preview: result, mapping: result.mapping, previewing: false, step: 'preview' });
      } catch (error) {
        if (mine === generation) set({ previewing: false, error: errorMessage(error), step: get().preview ? 'preview' : 'choose' });
      }
    }

    return {
      open: false,
      type: 'accounts',
      types: [],
      ...CLOSED,

      openDialog(type = 'accounts') {
        generation += 1;
        set({ open: true, type, ...CLOSED });
        client.call('import.types', {}).then(
          (types) => set({ types }),
          () => set({ types: [] }),
        );
      },

      close() {
        if (get().step === 'importing') return;
        generation += 1;
        set({ open: false, ...CLOSED });
      },

      setType(type) {
        set({ type, preview: null, mapping: {} });
        void preview();
      },

      async chooseFile(file) {
        const mine = ++generation;
        set({ ...CLOSED, step: 'reading', fileName: file.name });
        if (file.size === 0) return set({ step: 'choose', error: `${file.name} is empty.` });
        if (file.size > IMPORT_MAX_FILE_BYTES) {
          return set({ step: 'choose', error: `${file.name} is larger than ${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB; split it and import the parts.` });
        }
        try {
          const bytes = new Uint8Array(await file.arrayBuffer());
          const { uploadId } = await client.call('import.begin', { fileName: file.name, size: bytes.length });
          for (let offset = 0; offset < bytes.length; offset += IMPORT_CHUNK_BYTES) {
            if (mine !== generation) return;
            await client.call('import.chunk', { uploadId, offset, data: toBase64(bytes.subarray(offset, offset + IMPORT_CHUNK_BYTES)) });
            set({ progress: Math.min(1, (offset + IMPORT_CHUNK_BYTES) / bytes.length) });
          }
          if (mine !== generation) return;
          set({ uploadId });
          await preview();
        } catch (error) {
          if (mine === generation) set({ step: 'choose', error: errorMessage(error) });
        }
      },

      setMapping(column, field) {
        // A field goes to one column: choosing it here takes it from the column that had it.
        const mapping = Object.fromEntries(Object.entries(get().mapping).map(([c, f]) => [c, c === column ? field : f === field && field !== null ? null : f]));
        set({ mapping });
        void preview(mapping);
      },

      async commit() {
        const { uploadId, type, mapping } = get();
        if (!uploadId) return null;
        const mine = ++generation;
        set({ step: 'importing', error: null });
        try {
          const result = await client.call('import.commit', { uploadId, type, mapping });
          if (mine === generation) set({ open: false, ...CLOSED });
          return result;
        } catch (error) {
          if (mine === generation) set({ step: 'preview', error: errorMessage(error) });
          return null;
        }
      },
    };
  });
}

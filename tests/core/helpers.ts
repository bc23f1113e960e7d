import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../core/api/core';
import type { Core } from '../../core/api/core';
import { FieldbookError } from '../../core/model';
import type { InputOf, MethodName, OutputOf } from '../../core/api/contract';

/** A fresh temporary data folder, removed by the returned cleanup. */
export function tempDir(prefix = 'fieldbook-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real core on a real SQLite file in a temp folder. */
export async function testCore(dir?: string): Promise<{ core: Core; dir: string; call: TypedCall; close: () => void }> {
  const temp = dir ? { dir, cleanup: () => {} } : tempDir();
  const core = await openCore({ dataDir: temp.dir, host: 'in-process', watchIntervalMs: 0 });
  const call: TypedCall = async (method, input) => {
    const result = await core.link.request(method, input);
    if (!result.ok) throw new FieldbookError(result.error.code, result.error.message, result.error.details);
    return result.data as never;
  };
  return {
    core,
    dir: temp.dir,
    call,
    close: () => {
      core.close();
      temp.cleanup();
    },
  };
}

export type TypedCall = <K extends MethodName>(method: K, input: InputOf<K>) => Promise<OutputOf<K>>;

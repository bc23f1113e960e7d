import { existsSync, mkdirSync, rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { generateDataset } from '../data/generate';

/**
 * The generated data folder for a scale, made once and reused by every benchmark (bench/.data is not
 * committed). Generated into a temporary name first, so an interrupted run never leaves half a dataset.
 */
export async function ensureDataset(scale: number, seed = 1): Promise<string> {
  const root = join(import.meta.dirname, '..', '.data');
  const dir = join(root, `scale-${scale}-seed-${seed}`);
  if (existsSync(join(dir, 'fieldbook.db'))) return dir;
  mkdirSync(root, { recursive: true });
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  process.stderr.write(`generating the scale ${scale} dataset (once)…\n`);
  await generateDataset(partial, { scale, seed, onProgress: (m) => process.stderr.write(`  ${m}\n`) });
  renameSync(partial, dir);
  return dir;
}

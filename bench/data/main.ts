/**
 * npm run bench:data -- --scale S --out DIR [--seed N]
 * Writes the deterministic benchmark dataset into a new Fieldbook data folder.
 */
import { existsSync, readdirSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { generateDataset } from './generate';

function fail(message: string): never {
  process.stderr.write(`bench:data: ${message}\nUsage: npm run bench:data -- --scale S --out DIR [--seed N]\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({ options: { scale: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } }, strict: true }).values;
  } catch (error) {
    fail((error as Error).message);
  }
  const scale = Number(values['scale'] ?? '1');
  const seed = Number(values['seed'] ?? '1');
  const out = values['out'];
  if (!out) fail('--out DIR is required.');
  if (!Number.isFinite(scale) || scale <= 0) fail('--scale must be a positive number, e.g. 1 or 0.01.');
  if (!Number.isInteger(seed)) fail('--seed must be a whole number.');
  if (existsSync(out) && readdirSync(out).length > 0) fail(`${out} is not empty; choose a new folder.`);
  const start = performance.now();
  const summary = await generateDataset(out, { scale, seed, onProgress: (m) => process.stderr.write(`  ${m}\n`) });
  process.stdout.write(`${JSON.stringify({ ...summary, out, seconds: Number(((performance.now() - start) / 1000).toFixed(1)) }, null, 2)}\n`);
}

void main();

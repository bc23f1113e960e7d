import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { openCore } from '../api/core';
import { FieldbookError } from '../model';
import { resolveDataDir } from '../store/dataDir';
import { startBrowserHost } from './browserHost';

const USAGE = 'Usage: npm run start:browser -- [--port P] [--data-dir DIR]   (--port 0 picks a free port)';

/** `npm run start:browser`: the browser host on 127.0.0.1, until SIGINT or SIGTERM. */
async function main(): Promise<void> {
  let values: { port?: string; 'data-dir'?: string };
  try {
    ({ values } = parseArgs({ options: { port: { type: 'string' }, 'data-dir': { type: 'string' } }, strict: true }));
  } catch (error) {
    process.stderr.write(`fieldbook: ${(error as Error).message}\n${USAGE}\n`);
    process.exit(2);
  }
  const port = Number(values.port ?? '4780');
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`fieldbook: --port must be a number from 0 to 65535.\n${USAGE}\n`);
    process.exit(2);
  }
  // Signals are handled from the first moment, so a stop during start-up is clean too.
  let stopping = false;
  let shutdown: () => Promise<void> = () => Promise.resolve();
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`Stopping (${signal})…\n`);
    void shutdown().then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));

  const dataDir = resolveDataDir(values['data-dir']);
  const core = await openCore({
    dataDir,
    host: 'browser',
    log: (error, context) => process.stderr.write(`[${context}] ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`),
  });
  const staticDir = fileURLToPath(new URL('../../dist/renderer', import.meta.url));
  const host = await startBrowserHost({ core, staticDir, port, log: (line) => process.stderr.write(`${line}\n`) });
  shutdown = async () => {
    await host.close();
    core.close();
  };
  process.stdout.write(`Fieldbook browser host on ${dataDir}\nOpen ${host.url}\n`);
}

main().catch((error: unknown) => {
  const message = error instanceof FieldbookError ? error.message : (error as Error).message;
  process.stderr.write(`fieldbook: ${message}\n`);
  process.exit(1);
});

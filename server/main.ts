import { parseArgs } from 'node:util';
import pino from 'pino';
import { loadServerConfig } from './config';
import { startHttpServer } from './http';
import { openServerStore } from './open';

/** `npm run server -- --port P --data-dir DIR` (or DATABASE_URL=postgres://… for PostgreSQL). */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'data-dir': { type: 'string' },
      'database-url': { type: 'string' },
      region: { type: 'string' },
      residency: { type: 'string', multiple: true },
      config: { type: 'string' },
    },
    strict: true,
  });
  const config = loadServerConfig({
    config: values.config,
    port: values.port,
    host: values.host,
    dataDir: values['data-dir'],
    databaseUrl: values['database-url'],
    region: values.region,
    residencies: values.residency,
  });
  const log = pino({ level: config.logLevel, base: { service: 'fieldbook-server', region: config.region } });
  const store = await openServerStore(config);
  const server = await startHttpServer(config, store, log);
  // Retention: prune the change log at start and then hourly.
  const prune = () => {
    if (config.retentionDays === undefined) return;
    const before = new Date(Date.now() - config.retentionDays * 86_400_000).toISOString();
    store
      .pruneChanges(before)
      .then((result) => log.info(result, 'pruned change log'))
      .catch((error: unknown) => log.error({ err: error }, 'pruning the change log failed'));
  };
  prune();
  const pruneTimer = setInterval(prune, 3_600_000);
  pruneTimer.unref();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'stopping');
    void server
      .close()
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  // Printed last: a supervisor that signals as soon as it reads this line must find the handlers installed.
  process.stdout.write(`Fieldbook server listening on ${server.url}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`fieldbook-server: ${(error as Error).message}\n`);
  process.exit(1);
});

import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { GLOBAL_RESIDENCY } from '../core/model';

/** Server configuration: a JSON file (--config), then FIELDBOOK_SERVER_* environment variables, then flags. */
export const serverConfigSchema = z
  .object({
    host: z.string().default('127.0.0.1'),
    port: z.coerce.number().int().min(0).max(65535).default(4790),
    /** The region this server runs in, for logs and health. */
    region: z.string().min(1).default(GLOBAL_RESIDENCY),
    /** Residencies whose accounts this server may store. 'global' accounts need 'global' listed. */
    residencies: z.array(z.string().min(1)).min(1).default([GLOBAL_RESIDENCY]),
    dataDir: z.string().min(1).optional(),
    databaseUrl: z.string().min(1).optional(),
    /** Changes stamped further ahead of the server's clock than this are refused (clock_skew). */
    maxSkewMs: z.coerce.number().int().positive().default(5 * 60 * 1000),
    /** Days of change log to keep for incremental pulls; older devices resync from a snapshot. Unset: keep all. */
    retentionDays: z.coerce.number().positive().optional(),
    maxBodyBytes: z.coerce.number().int().positive().default(4 * 1024 * 1024),
    /** Requests per second per device (token bucket, burst of twice this). */
    rateLimitPerSecond: z.coerce.number().positive().default(50),
    logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']).default('info'),
  })
  .strict()
  .refine((c) => c.dataDir !== undefined || c.databaseUrl !== undefined, {
    message: 'Give a data folder (--data-dir) for the embedded SQLite database, or DATABASE_URL for PostgreSQL.',
  });
export type ServerConfig = z.infer<typeof serverConfigSchema>;

const ENV: Record<string, keyof ServerConfig> = {
  FIELDBOOK_SERVER_HOST: 'host',
  FIELDBOOK_SERVER_PORT: 'port',
  FIELDBOOK_SERVER_REGION: 'region',
  FIELDBOOK_SERVER_DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  FIELDBOOK_SERVER_MAX_SKEW_MS: 'maxSkewMs',
  FIELDBOOK_SERVER_LOG_LEVEL: 'logLevel',
  FIELDBOOK_SERVER_RETENTION_DAYS: 'retentionDays',
};

export function loadServerConfig(flags: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  let file: Record<string, unknown> = {};
  const configPath = flags['config'];
  if (typeof configPath === 'string') {
    try {
      file = JSON.parse(readFileSync(configPath, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw new Error(`Cannot read the configuration file ${configPath}: ${(error as Error).message}`, { cause: error });
    }
  }
  const fromEnv: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV)) if (env[name]) fromEnv[key] = env[name];
  if (env['FIELDBOOK_SERVER_RESIDENCIES']) fromEnv['residencies'] = env['FIELDBOOK_SERVER_RESIDENCIES'].split(',').map((s) => s.trim());
  const merged = { ...file, ...fromEnv, ...Object.fromEntries(Object.entries(flags).filter(([k, v]) => k !== 'config' && v !== undefined)) };
  const parsed = serverConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Bad server configuration${issue?.path.length ? ` (${issue.path.join('.')})` : ''}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import pino from 'pino';
import { encodeHlc } from '../../core/protocol/hlc';
import { newId } from '../../core/model';
import type { Op, PullResponse, PushResponse, SnapshotResponse } from '../../core/protocol/wire';
import { hashToken, newDeviceToken } from '../../server/auth';
import { serverConfigSchema } from '../../server/config';
import type { ServerConfig } from '../../server/config';
import { startHttpServer } from '../../server/http';
import type { RunningServer } from '../../server/http';
import { openServerStore } from '../../server/open';
import type { ServerStore, User } from '../../server/storage/serverStore';
import type { PersonRole } from '../../core/model';

/** Where the storage of a test server lives: a temp SQLite folder, or a fresh PostgreSQL database. */
export interface Backend {
  name: 'sqlite' | 'postgres';
  create(): Promise<{ location: Pick<ServerConfig, 'dataDir' | 'databaseUrl'>; drop: () => Promise<void> }>;
}

export const sqliteBackend: Backend = {
  name: 'sqlite',
  create: () => {
    const dir = mkdtempSync(join(tmpdir(), 'fieldbook-server-'));
    return Promise.resolve({ location: { dataDir: dir }, drop: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })) });
  },
};

const PG_ADMIN_URL = process.env['FIELDBOOK_TEST_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export const postgresBackend: Backend = {
  name: 'postgres',
  create: async () => {
    const name = `fieldbook_test_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      location: { databaseUrl: url.toString() },
      drop: async () => {
        const client = new pg.Client({ connectionString: PG_ADMIN_URL });
        await client.connect();
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.end();
      },
    };
  },
};

export interface TestServer {
  store: ServerStore;
  server: RunningServer;
  url: string;
  /** A user with a registered device; returns a client bound to that device. */
  addDevice(options: { email?: string; roles?: PersonRole[]; clearances?: string[] }): Promise<DeviceClient>;
  close(): Promise<void>;
}

export async function startTestServer(backend: Backend, overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const { location, drop } = await backend.create();
  const config = serverConfigSchema.parse({ port: 0, residencies: ['global', 'eu'], rateLimitPerSecond: 10_000, ...location, ...overrides });
  const store = await openServerStore(config);
  const server = await startHttpServer(config, store, pino({ level: 'silent' }));
  let users = 0;
  return {
    store,
    server,
    url: server.url,
    addDevice: async ({ email, roles = ['tam'], clearances = [] }) => {
      users += 1;
      const address = email ?? `user${users}@example.com`;
      const user = (await store.userByEmail(address)) ?? (await store.addUser({ email: address, name: `User ${users}`, roles, clearances, homeRegion: 'eu' }));
      const token = newDeviceToken();
      const device = await store.addDevice(user.id, `device of ${address}`, hashToken(token));
      return new DeviceClient(server.url, token, user, device.id);
    },
    close: async () => {
      await server.close();
      await store.close();
      await drop();
    },
  };
}

export interface HttpResult<T> {
  status: number;
  body: T;
}

/** A simulated device: its own HLC-ish clock and origin_seq counter, talking HTTP to a real server. */
export class DeviceClient {
  private seq = 0;
  private tick = 0;
  readonly deviceTag = randomBytes(8).toString('hex');

  constructor(
    readonly url: string,
    readonly token: string,
    readonly user: User,
    readonly deviceId: string,
  ) {}

  clock(offsetMs = 0): string {
    this.tick += 1;
    return encodeHlc({ wall: Date.now() + offsetMs, counter: this.tick, device: this.deviceTag });
  }

  /** Builds an op with the next origin_seq. */
  op(table: string, id: string, accountId: string, fields: Record<string, unknown>, offsetMs = 0): Op {
    this.seq += 1;
    const hlc = this.clock(offsetMs);
    return { originSeq: this.seq, table, id, accountId, fields: Object.fromEntries(Object.entries(fields).map(([k, value]) => [k, { value, hlc }])) };
  }

  newAccountOp(fields: Record<string, unknown> = {}): Op {
    const id = newId();
    return this.op('accounts', id, id, {
      name: 'Acme',
      segment: 'enterprise',
      tier: 'premium',
      residency: 'eu',
      clearance: null,
      stage: 'production',
      health: 'green',
      notes: '',
      ...fields,
    });
  }

  async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
    const res = await fetch(`${this.url}${path}`, {
      method,
      headers: { Authorization: `Bearer ${this.token}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as T };
  }

  push(ops: Op[]): Promise<HttpResult<PushResponse>> {
    return this.request<PushResponse>('POST', '/v1/push', { protocol: 1, ops });
  }

  pull(cursor = 0, limit = 500): Promise<HttpResult<PullResponse>> {
    return this.request<PullResponse>('GET', `/v1/pull?cursor=${cursor}&limit=${limit}`);
  }

  snapshot(after: string | null = null, limit = 500, account: string | null = null): Promise<HttpResult<SnapshotResponse>> {
    const query = `limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}${account ? `&account=${encodeURIComponent(account)}` : ''}`;
    return this.request<SnapshotResponse>('GET', `/v1/snapshot?${query}`);
  }

  /** Pulls every page from `cursor`. */
  async pullAll(cursor = 0, limit = 500): Promise<{ changes: PullResponse['changes']; cursor: number; revoked: string[] }> {
    const changes: PullResponse['changes'] = [];
    let at = cursor;
    for (;;) {
      const { body } = await this.pull(at, limit);
      changes.push(...body.changes);
      at = body.cursor;
      if (!body.hasMore) return { changes, cursor: at, revoked: body.revoked };
    }
  }
}

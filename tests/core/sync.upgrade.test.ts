import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { SyncStateRepo } from '../../core/store/syncState';
import { registerTarget, syncTarget } from '../../core/sync/engine';
import { FileSecretStore } from '../../core/sync/secrets';
import { testCore } from './helpers';

describe('a server that speaks a newer protocol', () => {
  it('answers upgrade_required and every local change stays in the outbox', async () => {
    // A server already upgraded: it still answers health and pull, and refuses pushes of protocol 1.
    const server = createServer((req, res) => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url?.startsWith('/v1/health')) return send(200, { ok: true, protocol: 1, region: 'global', residencies: ['global'] });
      if (req.url?.startsWith('/v1/pull')) return send(200, { changes: [], cursor: 0, hasMore: false, revoked: [] });
      return send(426, { error: { code: 'upgrade_required', message: 'This server speaks sync protocol 2. Update Fieldbook; your changes are kept.' } });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const t = await testCore();
    try {
      const secrets = new FileSecretStore(t.dir);
      const target = await registerTarget(t.core.store, secrets, { url, token: 'fbd_token-for-the-newer-server', from: 'cli' });
      await t.call('accounts.create', { name: 'Kept' });
      await expect(syncTarget(t.core.store, secrets, target)).rejects.toMatchObject({ code: 'upgrade_required' });
      const repo = new SyncStateRepo(t.core.store);
      expect(repo.unsentCount()).toBe(1);
      expect(repo.pendingCount(target.id)).toBe(1);
      expect(repo.listTargets()[0]?.lastError).toMatch(/Update Fieldbook; your changes are kept/);
      expect(repo.rejections()).toEqual([]);
    } finally {
      t.close();
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});

import { act, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import type { EventFrame } from '../../core/api/contract';
import { startBrowserHost } from '../../core/host/browserHost';
import type { BrowserHost } from '../../core/host/browserHost';
import { createClient } from '../../renderer/src/api/client';
import type { Connection, ConnectionStatus } from '../../renderer/src/api/connection';
import { TOKEN_STORAGE_KEY, connect, readToken } from '../../renderer/src/api/links';
import { createWsLink } from '../../renderer/src/api/wsLink';
import { App } from '../../renderer/src/app/App';
import { BAD_TOKEN_MESSAGE } from '../../renderer/src/app/ConnectionGate';
import { startCore } from './helpers';
import type { TestCore } from './helpers';

const TOKEN = 'test-token-0123456789';

/**
 * The real browser host checks the Origin header; jsdom's WebSocket would send jsdom's origin, so the tests use
 * `ws` with the origin the page would have when served by the host.
 */
function socketFor(port: number) {
  return (url: string): WebSocket => {
    const target = url.replace(/^ws:\/\/[^/]+/, `ws://127.0.0.1:${port}`);
    return new NodeWebSocket(target, { origin: `http://127.0.0.1:${port}` }) as unknown as WebSocket;
  };
}

function waitForStatus(connection: Connection, wanted: ConnectionStatus): Promise<void> {
  if (connection.status() === wanted) return Promise.resolve();
  return new Promise((resolve) => {
    const off = connection.onStatus((s) => {
      if (s === wanted) {
        off();
        resolve();
      }
    });
  });
}

describe('WebSocket link against the real browser host', () => {
  let t: TestCore;
  let host: BrowserHost;
  let connection: Connection | null = null;

  beforeEach(async () => {
    window.sessionStorage.clear();
    t = await startCore();
    host = await startBrowserHost({ core: t.core, staticDir: t.dir, port: 0, token: TOKEN });
  });
  afterEach(async () => {
    connection?.close();
    connection = null;
    await host.close();
    t.close();
  });

  it('says hello, waits for welcome, then carries calls and events; the token leaves the URL', async () => {
    window.history.replaceState(null, '', `/#token=${TOKEN}`);
    const requested: string[] = [];
    connection = connect(window, {
      createSocket: (url) => {
        requested.push(url);
        return socketFor(host.port)(url);
      },
    });
    const client = createClient(connection.link);
    // Called before the welcome: queued, then sent.
    const created = client.call('accounts.create', { name: 'Over the wire' });
    const events: EventFrame[] = [];
    client.onEvent((frame) => events.push(frame));

    expect(await created).toMatchObject({ name: 'Over the wire' });
    expect(connection.status()).toBe('open');
    expect(requested).toEqual([`ws://${window.location.host}/api`]);
    expect(window.location.hash).toBe('');
    expect(await client.call('accounts.list', {})).toHaveLength(1);
    await client.call('accounts.create', { name: 'Second' });
    await waitFor(() => expect(events.map((e) => e.name)).toContain('data.changed'));
    await expect(client.call('accounts.create', { name: '' })).rejects.toMatchObject({
      name: 'ApiError',
      code: 'invalid',
      fields: { name: 'Name is required.' },
    });
  });

  it('a reload (no token in the URL any more) connects again with the token this tab remembered', async () => {
    window.history.replaceState(null, '', `/#token=${TOKEN}`);
    const first = connect(window, { createSocket: socketFor(host.port) });
    connection = first;
    await waitForStatus(first, 'open');
    expect(window.location.hash).toBe('');
    expect(window.location.href).not.toContain(TOKEN);
    first.close();

    // F5: a new page on the same tab, the same URL without the fragment.
    const reloaded = connect(window, { createSocket: socketFor(host.port) });
    connection = reloaded;
    await waitForStatus(reloaded, 'open');
    expect(await createClient(reloaded.link).call('accounts.list', {})).toEqual([]);
  });

  it('forgets a refused token, so the next reload does not try it again', async () => {
    window.history.replaceState(null, '', '/#token=not-the-token');
    const refused = connect(window, { createSocket: socketFor(host.port) });
    connection = refused;
    await waitForStatus(refused, 'badToken');
    expect(window.sessionStorage.getItem(TOKEN_STORAGE_KEY)).toBeNull();
    refused.close();

    window.history.replaceState(null, '', '/');
    const reloaded = connect(window, { createSocket: socketFor(host.port) });
    connection = reloaded;
    expect(reloaded.status()).toBe('badToken');
  });

  it('a wrong token gives the full-screen message, not a retry loop', async () => {
    const conn = createWsLink({ url: 'ws://x/api', token: 'wrong', createSocket: socketFor(host.port) });
    connection = conn;
    render(<App client={createClient(conn.link)} connection={conn} />);
    expect(await screen.findByText(BAD_TOKEN_MESSAGE)).toBeInTheDocument();
    expect(conn.status()).toBe('badToken');
    expect(await conn.link.request('profile.get', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('a page without a token says so at once', () => {
    window.history.replaceState(null, '', '/');
    expect(readToken(window.location.hash)).toBeNull();
    expect(readToken('#token=abc&x=1')).toBe('abc');
    const conn = connect(window);
    render(<App client={createClient(conn.link)} connection={conn} />);
    expect(screen.getByText(BAD_TOKEN_MESSAGE)).toBeInTheDocument();
  });

  it('shows a reconnecting banner when the host goes away and recovers when it is back', async () => {
    await t.client.call('profile.save', { name: 'Ada', email: 'ada@example.com', role: 'tam', homeRegion: 'uk', timeZone: 'UTC' });
    const port = host.port;
    const conn = createWsLink({ url: 'ws://x/api', token: TOKEN, createSocket: socketFor(port), initialBackoffMs: 20, maxBackoffMs: 100 });
    connection = conn;
    render(<App client={createClient(conn.link)} connection={conn} />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Accounts' })).toBeInTheDocument();

    await act(() => Promise.all([host.close(), waitForStatus(conn, 'reconnecting')]));
    expect(await screen.findByText(/Lost the connection to Fieldbook. Reconnecting/)).toBeInTheDocument();

    await act(async () => {
      host = await startBrowserHost({ core: t.core, staticDir: t.dir, port, token: TOKEN });
      await waitForStatus(conn, 'open');
    });
    await waitFor(() => expect(screen.queryByText(/Reconnecting/)).not.toBeInTheDocument());
    // Calls flow again, and events too: a write elsewhere shows up in the list.
    await t.client.call('accounts.create', { name: 'After the outage' });
    expect(await screen.findByText('After the outage')).toBeInTheDocument();
  });
});

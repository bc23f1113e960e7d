import { isTrustedSender } from '../../electron/ipcGuard';
import type { FrameLike } from '../../electron/ipcGuard';
import { isOwnPage, shellPaths } from '../../electron/paths';

const { rendererUrl } = shellPaths({ appPath: '/opt/fieldbook', isPackaged: false, resourcesPath: '', electronVersion: '45.5.0' });

function mainFrame(url: string): FrameLike {
  return { url, parent: null };
}

describe('isTrustedSender', () => {
  it('accepts the main frame of a window showing the app page (with or without a route hash)', () => {
    for (const url of [rendererUrl, `${rendererUrl}#/accounts`]) {
      const frame = mainFrame(url);
      expect(isTrustedSender({ senderFrame: frame, sender: { mainFrame: frame } }, rendererUrl)).toBe(true);
    }
  });

  it.each([
    'https://evil.example/',
    'http://localhost:5173/index.html',
    'file:///etc/passwd',
    'file:///opt/fieldbook/dist/renderer/other.html',
    'file://evil-host/opt/fieldbook/dist/renderer/index.html',
    'data:text/html,hi',
    'about:blank',
    'not a url',
    '',
  ])('refuses a main frame at %j', (url) => {
    const frame = mainFrame(url);
    expect(isTrustedSender({ senderFrame: frame, sender: { mainFrame: frame } }, rendererUrl)).toBe(false);
  });

  it('refuses a subframe, even one showing the app page', () => {
    const top = mainFrame(rendererUrl);
    const child: FrameLike = { url: rendererUrl, parent: top };
    expect(isTrustedSender({ senderFrame: child, sender: { mainFrame: top } }, rendererUrl)).toBe(false);
  });

  it('refuses a frame that has a parent even if the sender names it as its main frame', () => {
    const forged: FrameLike = { url: rendererUrl, parent: mainFrame('https://evil.example/') };
    expect(isTrustedSender({ senderFrame: forged, sender: { mainFrame: forged } }, rendererUrl)).toBe(false);
  });

  it('refuses a frame that claims to be top-level but is not the sender’s main frame', () => {
    const forged = mainFrame(rendererUrl);
    expect(isTrustedSender({ senderFrame: forged, sender: { mainFrame: mainFrame(rendererUrl) } }, rendererUrl)).toBe(false);
  });

  it('refuses a null sender frame (navigated away or destroyed) and a missing sender', () => {
    const frame = mainFrame(rendererUrl);
    expect(isTrustedSender({ senderFrame: null, sender: { mainFrame: frame } }, rendererUrl)).toBe(false);
    expect(isTrustedSender({ senderFrame: frame, sender: null }, rendererUrl)).toBe(false);
    expect(isTrustedSender({ senderFrame: frame, sender: { mainFrame: null } }, rendererUrl)).toBe(false);
  });
});

describe('isOwnPage', () => {
  it('matches only the renderer file URL', () => {
    expect(isOwnPage(`${rendererUrl}?x=1#y`, rendererUrl)).toBe(true);
    expect(isOwnPage(rendererUrl.replace('index.html', 'index.htm'), rendererUrl)).toBe(false);
    expect(isOwnPage(rendererUrl.replace('file:', 'https:'), rendererUrl)).toBe(false);
  });
});

describe('shellPaths', () => {
  it('keeps the Electron-ABI native module outside node_modules, per Electron version in dev and in resources when packaged', () => {
    expect(shellPaths({ appPath: '/repo', isPackaged: false, resourcesPath: '/x', electronVersion: '45.5.0' }).nativeBinding).toBe(
      '/repo/.electron-native/45.5.0/better_sqlite3.node',
    );
    const packaged = shellPaths({ appPath: '/app/resources/app.asar', isPackaged: true, resourcesPath: '/app/resources', electronVersion: '45.5.0' });
    expect(packaged.nativeBinding).toBe('/app/resources/native/better_sqlite3.node');
    expect(packaged.coreEntry).toBe('/app/resources/app.asar/dist/electron/core.cjs');
  });
});

const electron = await vi.hoisted(async () => (await import('./electronMock')).createElectronMock());
vi.mock('electron', () => electron.module);

import { isSafeExternalUrl, openExternalSafely } from '../../electron/linkGate';

const HOSTILE = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  'file:///etc/passwd',
  'FILE:///C:/Windows/system32',
  'data:text/html,<script>alert(1)</script>',
  'vbscript:msgbox(1)',
  '\\\\evil\\share',
  '\\\\evil\\share\\payload.exe',
  '//evil/share',
  'http://example.com',
  'HTTPS://example.com/docs',
  'HtTpS://example.com/docs',
  'https://user:pw@example.com',
  'https://user@example.com',
  'https://example.com@evil.example/',
  ' https://x',
  'https://x ',
  'https://exa mple.com',
  'https://example.com/\nx',
  'https:\\\\evil\\share',
  'https:/example.com',
  'https:example.com',
  'https://',
  'https:///path',
  'ftp://example.com',
  'mailto:a@example.com',
  '',
  'not a url',
];

describe('isSafeExternalUrl', () => {
  it.each(HOSTILE)('refuses %j', (url) => {
    expect(isSafeExternalUrl(url)).toBe(false);
  });

  it.each([null, undefined, 42, {}, ['https://example.com']])('refuses the non-string %j', (value) => {
    expect(isSafeExternalUrl(value)).toBe(false);
  });

  it.each(['https://example.com/docs', 'https://example.com', 'https://docs.example.com:8443/a/b?q=1#frag', 'https://[2001:db8::1]/'])(
    'allows %j',
    (url) => {
      expect(isSafeExternalUrl(url)).toBe(true);
    },
  );
});

describe('openExternalSafely', () => {
  beforeEach(() => electron.reset());

  it('hands a safe https URL to the operating system', async () => {
    await expect(openExternalSafely('https://example.com/docs')).resolves.toEqual({ opened: true });
    expect(electron.shell.openExternal).toHaveBeenCalledTimes(1);
    expect(electron.shell.openExternal.mock.calls[0]?.[0]).toBe('https://example.com/docs');
  });

  it('never calls shell.openExternal for a hostile URL', async () => {
    for (const url of HOSTILE) await expect(openExternalSafely(url)).resolves.toEqual({ opened: false });
    expect(electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('reports failure instead of throwing when the OS refuses', async () => {
    electron.shell.openExternal.mockRejectedValueOnce(new Error('no handler'));
    await expect(openExternalSafely('https://example.com')).resolves.toEqual({ opened: false });
  });
});

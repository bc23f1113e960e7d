import { screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isMac, shortcutLabel } from '../../renderer/src/ui/shortcuts';
import { renderApp, saveProfile, startCore } from './helpers';
import type { TestCore } from './helpers';

const MAC = {
  platform: 'MacIntel',
  userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Safari/537.36',
};
const WINDOWS = {
  platform: 'Win32',
  userAgent: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126 Safari/537.36',
};

/** Makes jsdom's navigator report another platform until the returned function undoes it. */
function pretendPlatform(hints: { platform: string; userAgent: string }): () => void {
  Object.defineProperty(window.navigator, 'platform', { value: hints.platform, configurable: true });
  Object.defineProperty(window.navigator, 'userAgent', { value: hints.userAgent, configurable: true });
  return () => {
    // The own properties shadow jsdom's getters; removing them brings those back.
    Reflect.deleteProperty(window.navigator, 'platform');
    Reflect.deleteProperty(window.navigator, 'userAgent');
  };
}

describe('shortcut hints', () => {
  it('say ⌘K / Cmd+K on a Mac and Ctrl K / Ctrl+K elsewhere', () => {
    expect(isMac(MAC)).toBe(true);
    expect(isMac({ platform: '', userAgent: MAC.userAgent })).toBe(true);
    expect(isMac(WINDOWS)).toBe(false);
    expect(isMac({ platform: 'Linux x86_64', userAgent: 'Mozilla/5.0 (X11; Linux x86_64)' })).toBe(false);
    expect(shortcutLabel('k', 'keys', MAC)).toBe('⌘K');
    expect(shortcutLabel('k', 'text', MAC)).toBe('Cmd+K');
    expect(shortcutLabel('k', 'keys', WINDOWS)).toBe('Ctrl K');
    expect(shortcutLabel('k', 'text', WINDOWS)).toBe('Ctrl+K');
  });

  describe('in the app', () => {
    let t: TestCore;
    let restore: (() => void) | null = null;
    beforeEach(async () => {
      t = await startCore();
      await saveProfile(t);
    });
    afterEach(() => {
      restore?.();
      restore = null;
      t.close();
    });

    it('on a Mac, the sidebar and the empty list show the ⌘ shortcut', async () => {
      restore = pretendPlatform(MAC);
      await renderApp(t);
      expect(screen.getByRole('button', { name: /Commands/ }).querySelector('kbd')).toHaveTextContent('⌘K');
      expect(screen.getByText('No accounts yet — create your first with New account (Cmd+K)')).toBeInTheDocument();
    });

    it('elsewhere, they show Ctrl', async () => {
      restore = pretendPlatform(WINDOWS);
      await renderApp(t);
      expect(screen.getByRole('button', { name: /Commands/ }).querySelector('kbd')).toHaveTextContent('Ctrl K');
      expect(screen.getByText('No accounts yet — create your first with New account (Ctrl+K)')).toBeInTheDocument();
    });
  });
});

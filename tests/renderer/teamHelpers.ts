import { screen } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';

/** From the accounts list to one account's page, on a tab; returns the tab's panel. */
export async function openAccountTab(user: UserEvent, name: string, tab: string): Promise<HTMLElement> {
  await user.click(await screen.findByRole('row', { name: new RegExp(name) }));
  await user.click(await screen.findByRole('button', { name: 'Open account' }));
  await screen.findByRole('heading', { level: 1, name });
  await user.click(screen.getByRole('tab', { name: tab }));
  return screen.getByRole('tabpanel');
}

/**
 * jsdom has no layout: gives elements with `className` the size a real window would, so a virtualizer inside them
 * renders a window of rows as on screen (as tests/renderer/setup.ts does for the accounts grid). Returns the undo.
 */
export function giveLayout(className: string, size: { clientHeight: number; clientWidth: number }): () => void {
  const restores: Array<() => void> = [];
  for (const key of ['clientHeight', 'clientWidth'] as const) {
    const previous = Object.getOwnPropertyDescriptor(HTMLElement.prototype, key) ?? Object.getOwnPropertyDescriptor(Element.prototype, key);
    Object.defineProperty(HTMLElement.prototype, key, {
      configurable: true,
      get(this: HTMLElement): number {
        if (this.classList.contains(className)) return size[key];
        return (previous?.get?.call(this) as number | undefined) ?? 0;
      },
    });
    restores.push(() => {
      if (previous) Object.defineProperty(HTMLElement.prototype, key, previous);
    });
  }
  return () => restores.forEach((r) => r());
}

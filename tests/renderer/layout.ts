import { afterAll, beforeAll } from 'vitest';

/**
 * jsdom has no layout: give these scroll containers the height a real window would, and content as tall as
 * their virtualizer's spacer (the element's first child), so their virtualizers render a window of rows and
 * can scroll to any of them (the shared setup does the same for the accounts grid). Restored after the file.
 */
export function withScrollHeight(classes: readonly string[], height = 600): void {
  const ours = (el: HTMLElement) => classes.some((c) => el.classList.contains(c));
  const client = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  const scroll = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'scrollHeight');
  beforeAll(() => {
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', {
      configurable: true,
      get(this: HTMLElement): number {
        if (ours(this)) return height;
        return (client?.get?.call(this) as number | undefined) ?? 0;
      },
    });
    Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
      configurable: true,
      get(this: HTMLElement): number {
        if (!ours(this)) return (scroll?.get?.call(this) as number | undefined) ?? 0;
        const spacer = this.firstElementChild;
        return spacer instanceof HTMLElement ? Number.parseFloat(spacer.style.height) || 0 : 0;
      },
    });
  });
  afterAll(() => {
    if (client) Object.defineProperty(HTMLElement.prototype, 'clientHeight', client);
    if (scroll) Object.defineProperty(HTMLElement.prototype, 'scrollHeight', scroll);
  });
}

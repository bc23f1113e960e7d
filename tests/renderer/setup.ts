import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// jsdom has no layout. The accounts grid's scroll container gets the size a real window would give it,
// so the virtualizer renders what it would render on screen: a window of rows, not everything, not nothing.
const VIEWPORT = { clientHeight: 600, clientWidth: 1000 } as const;
for (const key of ['clientHeight', 'clientWidth'] as const) {
  const original = Object.getOwnPropertyDescriptor(Element.prototype, key);
  Object.defineProperty(HTMLElement.prototype, key, {
    configurable: true,
    get(this: HTMLElement): number {
      if (this.classList.contains('grid__scroll')) return VIEWPORT[key];
      return (original?.get?.call(this) as number | undefined) ?? 0;
    },
  });
}

// Its content is as tall as the virtualizer's spacer says, so scrolling can reach the last row.
Object.defineProperty(HTMLElement.prototype, 'scrollHeight', {
  configurable: true,
  get(this: HTMLElement): number {
    if (!this.classList.contains('grid__scroll')) return 0;
    const spacer = this.firstElementChild;
    return spacer instanceof HTMLElement ? Number.parseFloat(spacer.style.height) || 0 : 0;
  },
});

// jsdom does not scroll. Scrolling a grid to a row (Home/End, a new selection) sets scrollTop and fires the
// scroll event, as a browser would; the virtualizer reads both.
Element.prototype.scrollTo = function scrollTo(this: Element, options?: ScrollToOptions | number, y?: number): void {
  const top = typeof options === 'number' ? y : options?.top;
  if (typeof top === 'number') this.scrollTop = top;
  this.dispatchEvent(new Event('scroll'));
};

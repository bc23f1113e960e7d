import { useLayoutEffect, useReducer, useState } from 'react';
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect } from '@tanstack/react-virtual';

export interface RowVirtualizerOptions {
  count: number;
  rowHeight: number;
  getScrollElement: () => HTMLElement | null;
  getItemKey: (index: number) => string | number;
  overscan?: number;
  initialRect?: { width: number; height: number };
}

/**
 * Fixed-height row virtualization on TanStack's core. It is what `useVirtualizer` does, minus the features
 * we do not use (measuring, direct DOM writes); owning the hook keeps it explicit that the instance is
 * mutable and re-renders through `onChange`, which React Compiler cannot see in the library's hook.
 */
export function useRowVirtualizer(options: RowVirtualizerOptions): Virtualizer<HTMLElement, Element> {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const resolved = {
    count: options.count,
    getScrollElement: options.getScrollElement,
    estimateSize: () => options.rowHeight,
    getItemKey: options.getItemKey,
    overscan: options.overscan ?? 8,
    initialRect: options.initialRect ?? { width: 0, height: 0 },
    scrollToFn: elementScroll,
    observeElementRect,
    observeElementOffset,
    onChange: () => rerender(),
  };
  const [instance] = useState(() => new Virtualizer<HTMLElement, Element>(resolved));
  instance.setOptions(resolved);

  useLayoutEffect(() => instance._didMount(), [instance]);
  useLayoutEffect(() => {
    instance._willUpdate();
  });
  return instance;
}

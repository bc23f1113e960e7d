import { useEffect, useRef } from 'react';
import type { RefObject } from 'react';

/**
 * A record opened from search (the account page's `focus`): once an element with `data-record-id` equal to it is
 * rendered inside `container`, scroll it into view and focus it — once per jump, so later renders leave focus
 * where the person put it. Runs after every render until the record appears (its data may still be loading).
 */
export function useJumpTarget(focus: string | undefined, container: RefObject<HTMLElement | null>): void {
  const done = useRef<string | null>(null);
  useEffect(() => {
    if (!focus) {
      done.current = null;
      return;
    }
    if (done.current === focus) return;
    const element = Array.from(container.current?.querySelectorAll<HTMLElement>('[data-record-id]') ?? []).find((e) => e.dataset.recordId === focus);
    if (!element) return;
    done.current = focus;
    element.scrollIntoView?.({ block: 'center' });
    element.focus();
  });
}

/** Runs `open(focus)` once per jump: a tab that shows one record at a time opens the one search led to. */
export function useOpenOnJump(focus: string | undefined, ready: boolean, open: (focus: string) => void): void {
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!focus) {
      opened.current = null;
      return;
    }
    if (!ready || opened.current === focus) return;
    opened.current = focus;
    open(focus);
  });
}

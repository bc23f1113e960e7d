import { useEffect, useRef } from 'react';
import type { ReactNode } from 'react';

/**
 * The page's h1. It takes focus when the page appears, so after a view change keyboard and
 * screen-reader users start at the top of the new content instead of on a button that vanished.
 */
export function PageTitle({ children, focusOnMount = true }: { children: ReactNode; focusOnMount?: boolean }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusOnMount) ref.current?.focus({ preventScroll: true });
  }, [focusOnMount]);
  return (
    <h1 ref={ref} tabIndex={-1} className="page-title">
      {children}
    </h1>
  );
}

import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import { createPortal } from 'react-dom';

/**
 * A modal dialog over the whole app: rendered at the end of <body>, with everything else made inert (not
 * focusable, not clickable, not read) while it is open. Escape closes it unless `busy`; focus starts on the
 * dialog and returns to where it was when it closes.
 */
export function Modal({ title, onClose, busy = false, className = '', children, footer }: { title: string; onClose: () => void; busy?: boolean; className?: string; children: ReactNode; footer?: ReactNode }) {
  const titleId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const [container] = useState(() => document.createElement('div'));

  useLayoutEffect(() => {
    const returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    document.body.appendChild(container);
    const others = [...document.body.children].filter((el): el is HTMLElement => el !== container && el instanceof HTMLElement && !el.inert);
    for (const el of others) el.inert = true;
    return () => {
      for (const el of others) el.inert = false;
      container.remove();
      if (returnFocus?.isConnected) requestAnimationFrame(() => returnFocus.focus());
    };
  }, [container]);

  useEffect(() => {
    dialogRef.current?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && !busy) {
      e.stopPropagation();
      onClose();
    }
  };

  return createPortal(
    <div className="overlay-backdrop">
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-busy={busy || undefined}
        tabIndex={-1}
        className={`overlay-dialog ${className}`.trim()}
        onKeyDown={onKeyDown}
      >
        <header className="overlay-dialog__header">
          <h2 id={titleId} className="overlay-dialog__title">
            {title}
          </h2>
          <button type="button" className="icon-button" aria-label="Close" onClick={onClose} disabled={busy}>
            ×
          </button>
        </header>
        <div className="overlay-dialog__body">{children}</div>
        {footer ? <footer className="overlay-dialog__footer">{footer}</footer> : null}
      </div>
    </div>,
    container,
  );
}

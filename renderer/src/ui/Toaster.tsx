import { useEffect, useRef, useState } from 'react';
import { useStore } from 'zustand';
import type { Toast, ToastsStore } from './toasts';

function ToastItem({ toast, dismiss }: { toast: Toast; dismiss: (id: number) => void }) {
  const { id } = toast;
  const [paused, setPaused] = useState(false);
  const remaining = useRef(toast.durationMs);
  const actionRef = useRef<HTMLButtonElement>(null);

  // The clock stops while the pointer or focus is on the toast: nobody loses Undo while reaching for it.
  useEffect(() => {
    if (paused) return;
    const started = Date.now();
    const timer = setTimeout(() => dismiss(id), remaining.current);
    return () => {
      clearTimeout(timer);
      remaining.current = Math.max(1000, remaining.current - (Date.now() - started));
    };
  }, [paused, dismiss, id]);

  useEffect(() => {
    if (toast.focus) actionRef.current?.focus();
  }, [toast.focus]);

  return (
    <div
      className="toast"
      onMouseEnter={() => setPaused(true)}
      onMouseLeave={() => setPaused(false)}
      onFocus={() => setPaused(true)}
      onBlur={(e) => {
        if (!e.currentTarget.contains(e.relatedTarget)) setPaused(false);
      }}
    >
      <p className="toast__message">{toast.message}</p>
      {toast.action ? (
        <button
          ref={actionRef}
          type="button"
          className="button button--quiet toast__action"
          onClick={() => {
            dismiss(id);
            void toast.action?.run();
          }}
        >
          {toast.action.label}
        </button>
      ) : null}
      <button type="button" className="icon-button" aria-label="Dismiss notification" onClick={() => dismiss(id)}>
        <span aria-hidden="true">×</span>
      </button>
    </div>
  );
}

export function Toaster({ store }: { store: ToastsStore }) {
  const toasts = useStore(store, (s) => s.toasts);
  const dismiss = useStore(store, (s) => s.dismiss);
  return (
    <section className="toasts" aria-label="Notifications">
      {/* One live region that always exists, so screen readers announce toasts as they are added. */}
      <div aria-live="polite" className="toasts__list">
        {toasts.map((t) => (
          <ToastItem key={t.id} toast={t} dismiss={dismiss} />
        ))}
      </div>
    </section>
  );
}

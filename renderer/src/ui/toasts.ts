import { createStore } from 'zustand/vanilla';

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface Toast {
  id: number;
  message: string;
  action: ToastAction | null;
  durationMs: number;
  /** Move focus to the action: used when the control that caused the toast has just disappeared. */
  focus: boolean;
}

export interface ToastsState {
  toasts: Toast[];
  show: (toast: { message: string; action?: ToastAction; durationMs?: number; focus?: boolean }) => number;
  dismiss: (id: number) => void;
}

export type ToastsStore = ReturnType<typeof createToastsStore>;

/** A confirmation reads in a glance; one that offers Undo stays long enough to reach for it. */
export const TOAST_MS = 5000;
export const TOAST_WITH_ACTION_MS = 8000;
/** At most this many at once, so a burst of saves never builds a wall over the page's own buttons. */
export const MAX_TOASTS = 3;

/** Makes room for one more: the oldest toast without an action goes first, so an Undo outlives plain news. */
function withRoom(toasts: Toast[]): Toast[] {
  if (toasts.length < MAX_TOASTS) return toasts;
  const plain = toasts.findIndex((t) => t.action === null);
  const drop = plain === -1 ? 0 : plain;
  return withRoom(toasts.filter((_, i) => i !== drop));
}

export function createToastsStore() {
  let nextId = 1;
  return createStore<ToastsState>()((set, get) => ({
    toasts: [],
    show({ message, action, durationMs = action ? TOAST_WITH_ACTION_MS : TOAST_MS, focus = false }) {
      const id = nextId++;
      set({ toasts: [...withRoom(get().toasts), { id, message, action: action ?? null, durationMs, focus }] });
      return id;
    },
    dismiss(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
  }));
}

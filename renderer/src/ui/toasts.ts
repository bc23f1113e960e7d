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

export function createToastsStore() {
  let nextId = 1;
  return createStore<ToastsState>()((set, get) => ({
    toasts: [],
    show({ message, action, durationMs = 8000, focus = false }) {
      const id = nextId++;
      set({ toasts: [...get().toasts, { id, message, action: action ?? null, durationMs, focus }] });
      return id;
    },
    dismiss(id) {
      set({ toasts: get().toasts.filter((t) => t.id !== id) });
    },
  }));
}

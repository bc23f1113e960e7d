import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Toaster } from '../../renderer/src/ui/Toaster';
import { MAX_TOASTS, TOAST_MS, TOAST_WITH_ACTION_MS, createToastsStore } from '../../renderer/src/ui/toasts';

describe('toasts', () => {
  it('show at most three; plain news makes way before an Undo does', () => {
    const store = createToastsStore();
    const undo = vi.fn();
    store.getState().show({ message: 'Deleted Acme.', action: { label: 'Undo', run: undo } });
    store.getState().show({ message: 'Saved Bravo.' });
    store.getState().show({ message: 'Saved Charlie.' });
    store.getState().show({ message: 'Saved Delta.' });
    expect(MAX_TOASTS).toBe(3);
    expect(store.getState().toasts.map((t) => t.message)).toEqual(['Deleted Acme.', 'Saved Charlie.', 'Saved Delta.']);
    // With only actions left, the oldest goes.
    const all = createToastsStore();
    for (const name of ['A', 'B', 'C', 'D']) all.getState().show({ message: `Deleted ${name}.`, action: { label: 'Undo', run: undo } });
    expect(all.getState().toasts.map((t) => t.message)).toEqual(['Deleted B.', 'Deleted C.', 'Deleted D.']);
  });

  it('a confirmation leaves sooner than one offering Undo, and neither leaves while hovered', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    try {
      const store = createToastsStore();
      render(<Toaster store={store} />);
      act(() => {
        store.getState().show({ message: 'Saved Acme.' });
        store.getState().show({ message: 'Deleted Bravo.', action: { label: 'Undo', run: () => {} } });
      });
      expect(TOAST_MS).toBeLessThan(TOAST_WITH_ACTION_MS);
      act(() => {
        vi.advanceTimersByTime(TOAST_MS + 10);
      });
      expect(screen.queryByText('Saved Acme.')).not.toBeInTheDocument();
      expect(screen.getByText('Deleted Bravo.')).toBeInTheDocument();
      const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
      await user.hover(screen.getByText('Deleted Bravo.'));
      act(() => {
        vi.advanceTimersByTime(TOAST_WITH_ACTION_MS);
      });
      expect(screen.getByText('Deleted Bravo.')).toBeInTheDocument();
      await user.unhover(screen.getByText('Deleted Bravo.'));
      act(() => {
        vi.advanceTimersByTime(TOAST_WITH_ACTION_MS);
      });
      expect(screen.queryByText('Deleted Bravo.')).not.toBeInTheDocument();
    } finally {
      vi.useRealTimers();
    }
  });
});

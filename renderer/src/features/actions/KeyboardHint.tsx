/** The keys of an action item list, said once above it. */
export function KeyboardHint() {
  return (
    <p className="actions-hint muted" id="actions-keys">
      <kbd>↑</kbd> <kbd>↓</kbd> move · <kbd>O</kbd> open · <kbd>P</kbd> in progress · <kbd>D</kbd> done · <kbd>X</kbd> dropped · <kbd>Enter</kbd> go to source ·{' '}
      <kbd>Del</kbd> delete
    </p>
  );
}

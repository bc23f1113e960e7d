import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { buildCommands, filterCommands } from './commands';
import { useApp } from './context';

/** Ctrl+K / Cmd+K: a filter box over the commands. Arrows move, Enter runs, Escape closes. */
export function CommandPalette({ onClose }: { onClose: (restoreFocus: boolean) => void }) {
  const stores = useApp();
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const commands = useMemo(() => buildCommands(stores), [stores]);
  const matches = useMemo(() => filterCommands(commands, text), [commands, text]);
  const current = Math.min(active, Math.max(0, matches.length - 1));

  const run = (index: number) => {
    const command = matches[index];
    if (!command) return;
    // The command's page takes focus itself; only a plain close hands focus back.
    onClose(false);
    command.run();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(matches.length ? (current + 1) % matches.length : 0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(matches.length ? (current - 1 + matches.length) % matches.length : 0);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      run(current);
    } else if (e.key === 'Escape') {
      e.preventDefault();
      onClose(true);
    } else if (e.key === 'Tab') {
      // The dialog is modal and the input is its only stop: keep focus inside.
      e.preventDefault();
    }
  };

  const listId = `${id}-list`;
  const optionId = (i: number) => `${id}-option-${i}`;
  return (
    <div className="palette-backdrop" onMouseDown={() => onClose(true)}>
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        className="palette"
        onMouseDown={(e) => e.stopPropagation()}
      >
        <h2 id={`${id}-title`} className="visually-hidden">
          Command palette
        </h2>
        <label htmlFor={`${id}-input`} className="visually-hidden">
          Type a command
        </label>
        <input
          id={`${id}-input`}
          className="palette__input"
          role="combobox"
          aria-expanded="true"
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={matches.length ? optionId(current) : undefined}
          placeholder="Type a command…"
          autoComplete="off"
          autoFocus
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <ul id={listId} role="listbox" aria-label="Commands" className="palette__list">
          {matches.map((c, i) => (
            <li
              key={c.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className="palette__option"
              onMouseEnter={() => setActive(i)}
              onClick={() => run(i)}
            >
              {c.label}
            </li>
          ))}
        </ul>
        {matches.length === 0 ? <p className="palette__empty muted">No command matches “{text}”.</p> : null}
        <p className="palette__hint muted" aria-hidden="true">
          ↑↓ to move · Enter to run · Esc to close
        </p>
      </div>
    </div>
  );
}

import { useId, useMemo, useState } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';
import type { SearchHit } from '../../../core/model';
import { Highlighted } from '../features/search/Highlighted';
import { MIN_SEARCH_LENGTH, useRecordSearch } from '../features/search/useRecordSearch';
import { buildCommands, filterCommands, importCommands } from './commands';
import type { Command } from './commands';
import { useApp } from './context';

type Item = { kind: 'command'; command: Command } | { kind: 'record'; hit: SearchHit };

/** Numbers the jumps to records, so the account page can tell a new jump from a re-render (AccountPage). */
let jumps = 0;

/**
 * Ctrl+K / Cmd+K: a filter box over the commands that also searches records (full text). Commands come
 * first, then a Records group with the matched words highlighted. Arrows move through both, Enter runs a
 * command or opens the record on its account's page, Escape closes.
 */
export function CommandPalette({ onClose }: { onClose: (restoreFocus: boolean) => void }) {
  const stores = useApp();
  const id = useId();
  const [text, setText] = useState('');
  const [active, setActive] = useState(0);
  const commands = useMemo(() => [...buildCommands(stores), ...importCommands(stores)], [stores]);
  const matches = useMemo(() => filterCommands(commands, text), [commands, text]);
  const search = useRecordSearch(stores.client, text);
  const items = useMemo<Item[]>(
    () => [...matches.map((command) => ({ kind: 'command' as const, command })), ...search.hits.map((hit) => ({ kind: 'record' as const, hit }))],
    [matches, search.hits],
  );
  const current = Math.min(active, Math.max(0, items.length - 1));
  const searching = text.trim().length >= MIN_SEARCH_LENGTH;

  const run = (index: number) => {
    const item = items[index];
    if (!item) return;
    // The page takes focus itself; only a plain close hands focus back.
    onClose(false);
    if (item.kind === 'command') item.command.run();
    else openRecord(item.hit);
  };

  const openRecord = (hit: SearchHit) => {
    stores.nav.getState().go('accounts');
    stores.accounts.getState().show({ kind: 'page', id: hit.accountId, tab: hit.tab, focus: hit.focus, jump: ++jumps });
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setActive(items.length ? (current + 1) % items.length : 0);
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setActive(items.length ? (current - 1 + items.length) % items.length : 0);
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
  const option = (i: number, content: ReactNode, className = '') => (
    <li
      key={optionId(i)}
      id={optionId(i)}
      role="option"
      aria-selected={i === current}
      className={`palette__option ${className}`.trim()}
      onMouseEnter={() => setActive(i)}
      onClick={() => run(i)}
    >
      {content}
    </li>
  );
  const nothing = items.length === 0 && !search.pending;
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
          aria-activedescendant={items.length ? optionId(current) : undefined}
          placeholder="Type a command or search records…"
          autoComplete="off"
          autoFocus
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
        />
        <div id={listId} role="listbox" aria-label="Commands and records" className="palette__list">
          {matches.length > 0 ? (
            <ul role="group" aria-label="Commands" className="palette__group">
              {matches.map((c, i) => option(i, c.label))}
            </ul>
          ) : null}
          {search.hits.length > 0 ? (
            <ul role="group" aria-label="Records" aria-busy={search.pending} className="palette__group search-hits">
              <li role="presentation" aria-hidden="true" className="search-hits__title">
                Records
              </li>
              {search.hits.map((hit, j) =>
                option(
                  matches.length + j,
                  <HitContent hit={hit} />,
                  'search-hit',
                ),
              )}
            </ul>
          ) : null}
        </div>
        <p className="palette__empty muted" aria-live="polite">
          {search.error
            ? `Records could not be searched: ${search.error}`
            : search.pending && search.hits.length === 0
              ? 'Searching records…'
              : nothing
                ? searching
                  ? `No command or record matches “${text}”.`
                  : `No command matches “${text}”.`
                : ''}
        </p>
        <p className="palette__hint muted" aria-hidden="true">
          ↑↓ to move · Enter to run or open · Esc to close
        </p>
      </div>
    </div>
  );
}

/** A hit: its kind, title and account, then the passage that matched; a match in the title (a name) is marked there. */
function HitContent({ hit }: { hit: SearchHit }) {
  const inTitle = hit.snippet.map((s) => s.text).join('') === hit.title;
  return (
    <>
      <span className="search-hit__head">
        <span className="search-hit__kind">{hit.kindLabel}</span>
        <span className="search-hit__title">{inTitle ? <Highlighted segments={hit.snippet} /> : hit.title}</span>
        {hit.accountName && hit.accountName !== hit.title ? <span className="search-hit__account">{hit.accountName}</span> : null}
      </span>
      {inTitle ? null : (
        <span className="search-hit__snippet">
          <Highlighted segments={hit.snippet} />
        </span>
      )}
    </>
  );
}

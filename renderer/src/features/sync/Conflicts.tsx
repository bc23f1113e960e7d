import { useEffect, useRef, useState } from 'react';
import type { Conflict } from '../../../../core/api/contract';
import { errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { formatDateTime } from '../accounts/format';
import { relativeTime } from './store';

const FIELD_LABELS: Record<string, string> = { notes: 'Notes' };
const fieldLabelOf = (field: string): string => FIELD_LABELS[field] ?? field.charAt(0).toUpperCase() + field.slice(1);
const recordOf = (c: Conflict): string => c.label ?? 'An account no longer on this device';

export const CONFLICTS_EMPTY =
  'No conflicts. When two devices change the same notes at the same time, the version that lost appears here so you can restore it.';

function Version({ title, value, tone }: { title: string; value: string | null; tone: 'lost' | 'current' }) {
  return (
    <div className={`conflict__version conflict__version--${tone}`}>
      <h4 className="conflict__version-title">{title}</h4>
      {value ? <p className="notes conflict__text">{value}</p> : <p className="muted conflict__text">Empty</p>}
    </div>
  );
}

function ConflictItem({
  conflict,
  now,
  busy,
  onRestore,
  onKeep,
}: {
  conflict: Conflict;
  now: number;
  busy: boolean;
  onRestore: () => void;
  onKeep: () => void;
}) {
  const headingId = `conflict-${conflict.id}`;
  return (
    <li className="conflict" aria-labelledby={headingId} data-conflict-id={conflict.id}>
      <div className="conflict__header">
        <h3 id={headingId} className="conflict__title">
          {recordOf(conflict)}
          <span className="muted conflict__field">{` — ${fieldLabelOf(conflict.field)}`}</span>
        </h3>
        <p className="muted conflict__when">
          Changed on another device{' '}
          <time dateTime={conflict.at} title={formatDateTime(conflict.at)}>
            {relativeTime(conflict.at, now)}
          </time>
        </p>
      </div>
      <div className="conflict__versions">
        <Version title="Your version (not kept)" value={conflict.lostValue} tone="lost" />
        <Version title="Current version" value={conflict.currentValue} tone="current" />
      </div>
      <div className="conflict__actions">
        <button type="button" className="button button--primary" aria-describedby={headingId} disabled={busy} onClick={onRestore}>
          Restore my version
        </button>
        <button type="button" className="button" aria-describedby={headingId} disabled={busy} onClick={onKeep}>
          Keep current
        </button>
      </div>
    </li>
  );
}

/** Notes that lost a concurrent edit, beside what the record holds now; restored or let go in one step. */
export function Conflicts({ conflicts, now }: { conflicts: Conflict[]; now: number }) {
  const { sync, toasts } = useApp();
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sectionRef = useRef<HTMLElement>(null);
  /** Where focus goes once the resolved item has left: the next item's first button, or the heading. */
  const [focusAfter, setFocusAfter] = useState<{ next: number | null } | null>(null);

  useEffect(() => {
    if (!focusAfter) return;
    const section = sectionRef.current;
    if (!section) return;
    const target =
      (focusAfter.next !== null ? section.querySelector<HTMLElement>(`[data-conflict-id="${focusAfter.next}"] button`) : null) ??
      section.querySelector<HTMLElement>('#sync-conflicts');
    target?.focus();
    setFocusAfter(null);
  }, [focusAfter, conflicts]);

  async function resolve(conflict: Conflict, how: 'restore' | 'keep') {
    setBusy(conflict.id);
    setError(null);
    const index = conflicts.findIndex((c) => c.id === conflict.id);
    const next = conflicts[index + 1] ?? conflicts[index - 1] ?? null;
    try {
      if (how === 'restore') await sync.getState().restoreConflict(conflict.id);
      else await sync.getState().dismissConflict(conflict.id);
      const field = fieldLabelOf(conflict.field).toLowerCase();
      toasts.getState().show({
        message:
          how === 'restore'
            ? `Restored your version of the ${field} of ${recordOf(conflict)}. It is sent with the next sync.`
            : `Kept the current ${field} of ${recordOf(conflict)}. Your version was discarded.`,
      });
      setFocusAfter({ next: next?.id ?? null });
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section ref={sectionRef} className="panel" aria-labelledby="sync-conflicts">
      <h2 id="sync-conflicts" tabIndex={-1}>
        Conflicts
      </h2>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {conflicts.length === 0 ? (
        <p className="muted">{CONFLICTS_EMPTY}</p>
      ) : (
        <>
          <p className="muted">
            Another device changed these notes at the same time as you, and its version was kept. Yours is shown beside it:
            restore it, or keep the current version.
          </p>
          <ul className="conflicts">
            {conflicts.map((c) => (
              <ConflictItem
                key={c.id}
                conflict={c}
                now={now}
                busy={busy !== null}
                onRestore={() => void resolve(c, 'restore')}
                onKeep={() => void resolve(c, 'keep')}
              />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

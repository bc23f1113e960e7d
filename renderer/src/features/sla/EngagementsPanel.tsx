import { useId, useRef, useState } from 'react';
import { ENGAGEMENT_KIND_LABELS } from '../../../../core/model';
import type { Account, Engagement } from '../../../../core/model';
import { errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { EngagementForm } from './EngagementForm';
import { formatWhen } from './format';
import { useAccountSla } from './useAccountSla';
import { VirtualList } from './VirtualList';
import { useJumpTarget, useOpenOnJump } from '../../ui/useJumpTarget';

const ROW_HEIGHT = 52;

function EngagementDetail({ engagement, onEdit, onClose }: { engagement: Engagement; onEdit: () => void; onClose: () => void }) {
  const { client, sla, toasts } = useApp();
  const headingId = useId();

  async function remove() {
    try {
      await sla.getState().run(engagement.accountId, () => client.call('engagements.delete', { id: engagement.id }));
      onClose();
      toasts.getState().show({
        message: `Deleted “${engagement.title}”.`,
        focus: true,
        action: {
          label: 'Undo',
          run: async () => {
            try {
              await sla.getState().run(engagement.accountId, () => client.call('engagements.restore', { id: engagement.id }));
            } catch (e) {
              toasts.getState().show({ message: errorMessage(e) });
            }
          },
        },
      });
    } catch (e) {
      toasts.getState().show({ message: errorMessage(e) });
    }
  }

  return (
    <article className="panel sla-engagement" aria-labelledby={headingId} data-record-id={engagement.id} tabIndex={-1}>
      <header className="sla-contract__header">
        <h3 id={headingId} className="sla-contract__title">
          {engagement.title}
        </h3>
        <span className="sla-tag">{ENGAGEMENT_KIND_LABELS[engagement.kind]}</span>
      </header>
      <dl className="details">
        <dt>When</dt>
        <dd>{formatWhen(engagement.occurredAt)}</dd>
        <dt>Attendees</dt>
        <dd>{engagement.attendees || <span className="muted">Not recorded</span>}</dd>
        <dt>Notes</dt>
        <dd className="notes">{engagement.notes || <span className="muted">No notes</span>}</dd>
        {engagement.minutes ? (
          <>
            <dt>Minutes</dt>
            <dd className="notes">{engagement.minutes}</dd>
          </>
        ) : null}
      </dl>
      <div className="form__actions">
        <button type="button" className="button" aria-label={`Edit ${engagement.title}`} onClick={onEdit}>
          Edit
        </button>
        <button type="button" className="button button--danger" aria-label={`Delete ${engagement.title}`} onClick={() => void remove()}>
          Delete
        </button>
        <button type="button" className="button button--quiet" onClick={onClose}>
          Close
        </button>
      </div>
    </article>
  );
}

/** The account page's Engagements tab: calls, visits, QBRs, escalations and emails, newest first; one opened from search shows. */
export function EngagementsPanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { toasts } = useApp();
  const { engagements, status, error } = useAccountSla(account.id);
  const [form, setForm] = useState<{ kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string }>({ kind: 'none' });
  const [shownId, setShownId] = useState<string | null>(null);
  const headingId = useId();
  const shown = engagements.find((e) => e.id === shownId) ?? null;
  const editing = form.kind === 'edit' ? (engagements.find((e) => e.id === form.id) ?? null) : null;
  const panelRef = useRef<HTMLElement>(null);
  useOpenOnJump(focus, status === 'ready', setShownId);
  useJumpTarget(focus, panelRef);

  return (
    <section className="sla-panel" aria-labelledby={headingId} ref={panelRef}>
      <header className="sla-panel__header">
        <h2 id={headingId}>Engagements</h2>
        <button type="button" className="button button--primary" onClick={() => setForm({ kind: 'new' })} disabled={form.kind === 'new'}>
          Log an engagement
        </button>
      </header>
      {error ? (
        <p role="alert" className="form__error">
          {error}
        </p>
      ) : null}
      {form.kind === 'new' ? (
        <EngagementForm
          accountId={account.id}
          engagement={null}
          onDone={(saved) => {
            setForm({ kind: 'none' });
            if (saved) {
              setShownId(saved.id);
              toasts.getState().show({ message: `Logged “${saved.title}”.` });
            }
          }}
        />
      ) : null}
      {status === 'ready' && engagements.length === 0 && form.kind !== 'new' ? (
        <div className="empty">
          <p className="empty__title">No engagements yet</p>
          <p className="muted">Log the weekly call, an onsite visit or a QBR with Log an engagement; it appears on the account’s timeline.</p>
        </div>
      ) : null}
      {engagements.length > 0 ? (
        <VirtualList
          items={engagements}
          rowHeight={ROW_HEIGHT}
          label="Engagements, newest first"
          getKey={(e) => e.id}
          renderRow={(e) => (
            <button type="button" className="sla-row" aria-pressed={shownId === e.id} onClick={() => setShownId(shownId === e.id ? null : e.id)}>
              <span className="sla-row__title">{e.title}</span>
              <span className="sla-row__meta">
                {ENGAGEMENT_KIND_LABELS[e.kind]} · {formatWhen(e.occurredAt)}
                {e.attendees ? ` · ${e.attendees}` : ''}
              </span>
            </button>
          )}
        />
      ) : null}
      {editing ? (
        <EngagementForm key={editing.id} accountId={account.id} engagement={editing} onDone={() => setForm({ kind: 'none' })} />
      ) : shown ? (
        <EngagementDetail key={shown.id} engagement={shown} onEdit={() => setForm({ kind: 'edit', id: shown.id })} onClose={() => setShownId(null)} />
      ) : null}
    </section>
  );
}

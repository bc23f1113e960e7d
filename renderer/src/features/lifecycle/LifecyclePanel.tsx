import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { LIFECYCLE_STAGES, LIFECYCLE_STAGE_LABELS, NEXT_STAGE, STAGE_OWNER_ROLES, TEAM_ROLE_LABELS, describeDuration } from '../../../../core/model';
import type { Account, AccountLifecycle, FieldErrors, LifecycleEvent, LifecycleStage, TeamMember } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useLifecycle, useTeam } from '../../app/context';
import { SelectField, TextField, focusFirstInvalid } from '../../ui/fields';
import { formatDate } from '../accounts/format';
import { useJumpTarget } from '../../ui/useJumpTarget';

/** Who holds a stage's owning role on the account, for the owner fields' defaults. */
function ownerOf(members: readonly TeamMember[], stage: LifecycleStage): string {
  return members.find((m) => m.role === STAGE_OWNER_ROLES[stage])?.name ?? '';
}

const ownerHint = (stage: LifecycleStage): string => `${LIFECYCLE_STAGE_LABELS[stage]} is owned by the ${TEAM_ROLE_LABELS[STAGE_OWNER_ROLES[stage]].toLowerCase()}.`;

/** Today as YYYY-MM-DD in this computer's time zone: the default date of a hand-off. */
function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A past date becomes noon of that day here; today means now, so a same-day hand-off keeps its order. */
function instantOf(date: string): string | undefined {
  if (date === today()) return undefined;
  return new Date(`${date}T12:00:00`).toISOString();
}

export function useAccountLifecycle(accountId: string): { data: AccountLifecycle | null; error: string | null } {
  const { lifecycle } = useApp();
  useEffect(() => lifecycle.getState().track(accountId), [lifecycle, accountId]);
  const slot = useLifecycle((s) => s.byAccount[accountId]);
  return { data: slot?.data ?? null, error: slot?.error ?? null };
}

/**
 * The next hand-off. `stage` is the stage the lifecycle answer reports (it changes with the move itself; the account
 * list catches up a moment later).
 */
function StageChangeForm({ account, stage, members, onDone }: { account: Account; stage: LifecycleStage; members: TeamMember[]; onDone: (moved: boolean) => void }) {
  const { lifecycle, toasts } = useApp();
  const templates = useLifecycle((s) => s.templates);
  const formRef = useRef<HTMLFormElement>(null);
  const [to, setTo] = useState<LifecycleStage>(NEXT_STAGE[stage]);
  const [date, setDate] = useState(today);
  // Owners follow the team and the chosen stage until the person types their own.
  const [fromOwnerTyped, setFromOwner] = useState<string | null>(null);
  const [toOwnerTyped, setToOwner] = useState<string | null>(null);
  const fromOwner = fromOwnerTyped ?? ownerOf(members, stage);
  const toOwner = toOwnerTyped ?? ownerOf(members, to);
  const [done, setDone] = useState<ReadonlySet<string>>(new Set());
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const checklistId = useId();

  useEffect(() => {
    void lifecycle.getState().loadTemplates();
    formRef.current?.querySelector('select')?.focus();
  }, [lifecycle]);

  const checklist = useMemo(() => templates.filter((t) => t.stage === to).sort((a, b) => a.sort - b.sort), [templates, to]);
  const options = LIFECYCLE_STAGES.filter((s) => s !== stage).map((s) => ({ value: s, label: LIFECYCLE_STAGE_LABELS[s] }));

  const toggle = (id: string) =>
    setDone((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSaving(true);
    setFormError(null);
    setErrors({});
    try {
      const at = date === '' ? undefined : instantOf(date);
      const result = await lifecycle.getState().move({
        accountId: account.id,
        to,
        ...(at === undefined ? {} : { at }),
        fromOwner,
        toOwner,
        note,
        done: checklist.filter((c) => done.has(c.id)).map((c) => c.id),
      });
      const open = result.events[0]?.openItems ?? 0;
      toasts.getState().show({
        message: `${account.name} moved to ${LIFECYCLE_STAGE_LABELS[to]}.${open > 0 ? ` ${open} checklist item${open === 1 ? '' : 's'} still open.` : ''}`,
      });
      onDone(true);
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      if (!['to', 'at', 'fromOwner', 'toOwner', 'note', 'done'].some((k) => k in fields)) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form
      ref={formRef}
      id={`${checklistId}-form`}
      className="form panel"
      noValidate
      aria-labelledby={`${checklistId}-title`}
      onSubmit={(e) => void submit(e)}
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || e.defaultPrevented) return;
        e.preventDefault();
        onDone(false);
      }}
    >
      <h2 id={`${checklistId}-title`}>Change stage</h2>
      {formError ? (
        <p role="alert" className="form__error">
          {formError}
        </p>
      ) : null}
      <div className="form__grid">
        <SelectField label="Move to" name="to" value={to} onChange={(v) => setTo(v as LifecycleStage)} options={options} error={errors['to']} />
        <div className="field">
          <label className="field__label" htmlFor={`${checklistId}-date`}>
            Date of the hand-off
          </label>
          <input
            id={`${checklistId}-date`}
            type="date"
            value={date}
            max={today()}
            onChange={(e) => setDate(e.target.value)}
            aria-invalid={errors['at'] ? true : undefined}
            aria-describedby={errors['at'] ? `${checklistId}-date-error` : undefined}
          />
          {errors['at'] ? (
            <p id={`${checklistId}-date-error`} className="field__error">
              {errors['at']}
            </p>
          ) : null}
        </div>
        <TextField
          label="From owner"
          name="fromOwner"
          value={fromOwner}
          onChange={setFromOwner}
          error={errors['fromOwner']}
          hint={ownerHint(stage)}
        />
        <TextField
          label="To owner"
          name="toOwner"
          value={toOwner}
          onChange={setToOwner}
          error={errors['toOwner']}
          hint={ownerHint(to)}
        />
      </div>
      <fieldset className="lifecycle-checklist" aria-describedby={`${checklistId}-hint`}>
        <legend className="field__label">Hand-off checklist into {LIFECYCLE_STAGE_LABELS[to]}</legend>
        <p id={`${checklistId}-hint`} className="field__hint">
          Tick what is done. Items left open stay on the hand-off, where you can tick them later.
        </p>
        {checklist.length === 0 ? (
          <p className="muted">No checklist for this stage. A manager can add one in Settings.</p>
        ) : (
          <ul className="lifecycle-checklist__items">
            {checklist.map((item) => (
              <li key={item.id}>
                <label className="lifecycle-check">
                  <input type="checkbox" checked={done.has(item.id)} onChange={() => toggle(item.id)} />
                  <span>{item.text}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {errors['done'] ? <p className="field__error">{errors['done']}</p> : null}
        {checklist.length > 0 ? (
          <p className="muted" aria-live="polite">
            {checklist.filter((c) => done.has(c.id)).length} of {checklist.length} done
          </p>
        ) : null}
      </fieldset>
      <TextField label="Note" name="note" value={note} onChange={setNote} error={errors['note']} multiline />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={saving}>
          Move to {LIFECYCLE_STAGE_LABELS[to]}
        </button>
        <button type="button" className="button" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function HandoffChecklist({ accountId, event }: { accountId: string; event: LifecycleEvent }) {
  const { lifecycle, toasts } = useApp();
  // The box shows the tick at once; the saved state replaces it when the core answers (or the tick is undone).
  const [pending, setPending] = useState<ReadonlyMap<string, boolean>>(new Map());
  const tick = async (id: string, done: boolean) => {
    setPending((p) => new Map(p).set(id, done));
    try {
      await lifecycle.getState().tick(accountId, id, done);
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    } finally {
      setPending((p) => {
        const next = new Map(p);
        next.delete(id);
        return next;
      });
    }
  };
  if (event.items.length === 0) return <p className="muted">No checklist on this hand-off.</p>;
  return (
    <ul className="lifecycle-checklist__items">
      {event.items.map((item) => (
        <li key={item.id}>
          <label className="lifecycle-check">
            <input type="checkbox" checked={pending.get(item.id) ?? item.done} onChange={() => void tick(item.id, !(pending.get(item.id) ?? item.done))} />
            <span>{item.text}</span>
            {item.done && item.doneAt ? (
              <span className="muted lifecycle-check__when">
                {item.doneBy ? `${item.doneBy}, ` : ''}
                {formatDate(item.doneAt)}
              </span>
            ) : null}
          </label>
        </li>
      ))}
    </ul>
  );
}

export function OpenItemsBadge({ open, total }: { open: number; total: number }) {
  if (total === 0) return null;
  return open === 0 ? (
    <span className="badge badge--green">Checklist complete</span>
  ) : (
    <span className="badge badge--amber">
      {open} of {total} open
    </span>
  );
}

/**
 * The account's Lifecycle tab: where it is and since when, the next hand-off, and every hand-off so far. A hand-off
 * opened from search (`focus`) is scrolled to and focused.
 */
export function LifecyclePanel({ account, focus }: { account: Account; focus?: string | undefined }) {
  const { team } = useApp();
  const panelRef = useRef<HTMLDivElement>(null);
  useJumpTarget(focus, panelRef);
  const { data, error } = useAccountLifecycle(account.id);
  const [changing, setChanging] = useState(false);
  const changeButton = useRef<HTMLButtonElement>(null);
  const closeForm = () => {
    setChanging(false);
    requestAnimationFrame(() => changeButton.current?.focus());
  };
  useEffect(() => team.getState().track(account.id), [team, account.id]);
  const members = useTeam((s) => s.byAccount[account.id]?.data?.members);
  const stableMembers = useMemo(() => members ?? [], [members]);

  if (error && !data) {
    return (
      <p role="alert" className="form__error">
        {error}
      </p>
    );
  }
  if (!data) return <p className="muted">Loading…</p>;
  return (
    <div className="lifecycle-panel" ref={panelRef}>
      <section className="panel" aria-labelledby="lifecycle-now">
        <h2 id="lifecycle-now">Current stage</h2>
        <StageSummary lifecycle={data} />
        <div>
          <button ref={changeButton} type="button" className="button button--primary" aria-expanded={changing} onClick={() => setChanging((c) => !c)}>
            Change stage
          </button>
        </div>
      </section>
      {changing ? <StageChangeForm account={account} stage={data.stage} members={stableMembers} onDone={closeForm} /> : null}
      <section className="panel" aria-labelledby="lifecycle-history">
        <h2 id="lifecycle-history">Hand-offs</h2>
        {data.events.length === 0 ? (
          <p className="muted">No hand-offs yet. Change the stage above when the account moves on; its checklist is recorded with it.</p>
        ) : (
          <ol className="lifecycle-history">
            {data.events.map((event) => (
              <li key={event.id} className="lifecycle-history__event" data-record-id={event.id} tabIndex={-1}>
                <div className="lifecycle-history__head">
                  <h3>
                    {LIFECYCLE_STAGE_LABELS[event.fromStage]} → {LIFECYCLE_STAGE_LABELS[event.toStage]}
                  </h3>
                  <time dateTime={event.at}>{formatDate(event.at)}</time>
                  <OpenItemsBadge open={event.openItems} total={event.items.length} />
                </div>
                <p className="muted">
                  {event.fromOwner || 'Nobody'} handed over to {event.toOwner || 'nobody named'}
                </p>
                {event.note ? <p className="notes">{event.note}</p> : null}
                <HandoffChecklist accountId={account.id} event={event} />
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

/** Stage, time in stage, owner and open checklist items: on the Lifecycle tab and the Overview. */
export function StageSummary({ lifecycle }: { lifecycle: AccountLifecycle }) {
  return (
    <dl className="details">
      <dt>Stage</dt>
      <dd>{LIFECYCLE_STAGE_LABELS[lifecycle.stage]}</dd>
      <dt>Time in stage</dt>
      <dd>
        {describeDuration(lifecycle.timeInStageMs)} <span className="muted">(since {formatDate(lifecycle.enteredAt)})</span>
      </dd>
      <dt>Owner</dt>
      <dd>
        {lifecycle.owner.name ?? <span className="muted">No {TEAM_ROLE_LABELS[lifecycle.owner.role]} on the team yet</span>}
        {lifecycle.owner.name ? <span className="muted"> ({TEAM_ROLE_LABELS[lifecycle.owner.role]})</span> : null}
      </dd>
      <dt>Open hand-off items</dt>
      <dd>{lifecycle.openItems === 0 ? 'None' : <span className="badge badge--amber">{lifecycle.openItems} open</span>}</dd>
    </dl>
  );
}

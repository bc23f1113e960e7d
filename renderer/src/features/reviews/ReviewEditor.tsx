import { useEffect, useRef, useState } from 'react';
import type { FormEvent, KeyboardEvent } from 'react';
import { reviewCreateSchema, todayIn } from '../../../../core/model';
import type { Account, FieldErrors, ReviewDetail, ReviewExportFormat } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useProfile } from '../../app/context';
import { focusFirstInvalid } from '../../ui/fields';
import { isMac } from '../../ui/shortcuts';
import { formatDay } from '../actions/DueDate';
import { showAccountTab } from '../actions/openSource';
import { createInput, draftOf, emptyDraft, isDirty, newAsk, newAttendee, newCommitment, updateInput } from './draft';
import type { AskRow, AttendeeRow, CommitmentRow, ReviewDraft } from './draft';
import { downloadFile } from './download';
import { InlineField } from './InlineField';
import { AskRows, AttendeeRows, CommitmentRows } from './ReviewRows';
import { REVIEW_SCREEN_TABLES, useDataChanged } from './useDataChanged';
import { fieldErrorsOf } from './validation';

type RowList = 'attendees' | 'asks' | 'commitments';
type Busy = null | 'saving' | 'following' | 'exporting' | 'deleting';

/** The saved rows keep the keys the draft gave them, so the field being typed in keeps its focus after a save. */
function keepKeys(saved: ReviewDraft, previous: ReviewDraft): ReviewDraft {
  const keys = <R extends { key: string; id?: string }>(now: R[], before: R[]) =>
    now.map((row, i) => {
      const was = before[i];
      return was && (was.id === undefined || was.id === row.id) ? { ...row, key: was.key } : row;
    });
  return { ...saved, attendees: keys(saved.attendees, previous.attendees), asks: keys(saved.asks, previous.asks), commitments: keys(saved.commitments, previous.commitments) };
}

/**
 * A roadmap review, new or saved, as a keyboard-friendly form: Tab moves through the fields row by row, Add
 * buttons put the cursor in the new row, Ctrl+Enter (⌘Enter) saves from anywhere, Escape closes (and asks first
 * when there are unsaved changes). A saved ask or commitment becomes an action item with one button.
 */
export function ReviewEditor({ account, reviewId }: { account: Account; reviewId: string | null }) {
  const stores = useApp();
  const { client, reviews, toasts } = stores;
  const me = useProfile((s) => s.profile ?? null);
  const formRef = useRef<HTMLFormElement>(null);
  const focusRow = useRef<string | null>(null);
  const [loaded, setLoaded] = useState<ReviewDetail | null>(null);
  const [baseline, setBaseline] = useState<ReviewDraft>(() => emptyDraft(me, todayIn(me?.timeZone ?? null, new Date())));
  const [draft, setDraft] = useState<ReviewDraft>(baseline);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [confirmClose, setConfirmClose] = useState(false);
  // The review this editor was opened on; one saved here for the first time is `loaded` from then on.
  const [openedId] = useState(reviewId);
  const id = loaded?.id ?? openedId;
  const loading = openedId !== null && loaded === null;
  const dirty = isDirty(draft, baseline);

  const accept = (saved: ReviewDetail, previous: ReviewDraft | null) => {
    const next = previous ? keepKeys(draftOf(saved), previous) : draftOf(saved);
    setLoaded(saved);
    setBaseline(next);
    setDraft(next);
  };

  useEffect(() => {
    if (openedId === null) return;
    let live = true;
    client.call('reviews.get', { id: openedId }).then(
      (review) => live && accept(review, null),
      (error: unknown) => live && setFormError(errorMessage(error)),
    );
    return () => {
      live = false;
    };
  }, [client, openedId]);

  // A change made elsewhere shows up here, unless it would overwrite what is being typed.
  useDataChanged(REVIEW_SCREEN_TABLES, () => {
    if (id === null || dirty || busy !== null) return;
    client.call('reviews.get', { id }).then(
      (review) => accept(review, draft),
      () => {},
    );
  });

  // Focus goes to the first field of a row just added, and to the title when the form opens.
  useEffect(() => {
    const key = focusRow.current;
    if (key === null) return;
    focusRow.current = null;
    const selector = key.startsWith('add:') ? `[data-add="${key.slice(4)}"] button` : `[data-row-key="${key}"] input, [data-row-key="${key}"] select`;
    formRef.current?.querySelector<HTMLElement>(selector)?.focus();
  });
  useEffect(() => {
    if (!loading) formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [loading]);

  const setField = (key: 'date' | 'title' | 'agenda' | 'notes') => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  function changeRow<K extends RowList>(list: K) {
    return (index: number, patch: Partial<ReviewDraft[K][number]>) =>
      setDraft((d) => ({ ...d, [list]: d[list].map((row, i) => (i === index ? { ...row, ...patch } : row)) }));
  }
  /** Event handlers only: they leave a focus target for the effect above. */
  function addRow<K extends RowList>(list: K, make: () => ReviewDraft[K][number]) {
    const row = make();
    focusRow.current = row.key;
    setDraft((d) => ({ ...d, [list]: [...d[list], row] }));
  }
  function removeRow(list: RowList, index: number) {
    const rows: Array<AttendeeRow | AskRow | CommitmentRow> = draft[list];
    const next = rows[index + 1] ?? rows[index - 1];
    // With no row left, the cursor goes to the section's Add button.
    focusRow.current = next ? next.key : `add:${list}`;
    setDraft((d) => ({ ...d, [list]: d[list].filter((_, i) => i !== index) }));
    // Errors are keyed by row number, which just shifted.
    setErrors({});
  }

  /** Validates and saves; resolves to the saved review, or null when something needs fixing first. */
  async function save(): Promise<ReviewDetail | null> {
    const parsed = reviewCreateSchema.safeParse(createInput(account.id, draft));
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      setFormError('Some fields need attention before the review can be saved.');
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return null;
    }
    setErrors({});
    setFormError(null);
    setBusy('saving');
    try {
      let saved: ReviewDetail | null = loaded;
      if (id === null) {
        saved = await client.call('reviews.create', createInput(account.id, draft));
        accept(saved, draft);
        reviews.getState().adoptReview(saved.id);
      } else {
        const update = updateInput(id, draft, baseline);
        if (update) saved = await client.call('reviews.update', update);
      }
      if (saved) accept(saved, draft);
      void reviews.getState().loadAccount(account.id);
      return saved;
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      const known = Object.fromEntries(Object.entries(fields).filter(([k]) => ['date', 'title', 'agenda', 'notes'].includes(k)));
      setErrors(known);
      setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function submit(event?: FormEvent<HTMLFormElement>) {
    event?.preventDefault();
    if (loading || busy !== null) return;
    const wasNew = id === null;
    if (!dirty && !wasNew) {
      toasts.getState().show({ message: 'No changes to save.' });
      return;
    }
    const saved = await save();
    if (saved) toasts.getState().show({ message: wasNew ? `Recorded the review of ${formatDay(saved.date)}.` : 'Saved the review.' });
  }

  /** The review as saved, saving first when the form holds changes: what a follow-up or an export acts on. */
  async function current(): Promise<ReviewDetail | null> {
    return loaded && !dirty ? loaded : save();
  }

  async function followUp(kind: 'asks' | 'commitments', index: number) {
    const review = await current();
    const item = review?.[kind][index];
    if (!review || !item) return;
    setBusy('following');
    try {
      const action = await client.call('reviews.followUp', { itemId: item.id });
      const link = (d: ReviewDraft): ReviewDraft => ({ ...d, [kind]: d[kind].map((r) => (r.id === item.id ? { ...r, actionItemId: action.id } : r)) });
      setDraft(link);
      setBaseline(link);
      toasts.getState().show({
        message: `Action item created for ${action.owner}${action.due ? `, due ${formatDay(action.due)}` : ''}.`,
        action: { label: 'Open My items', run: () => stores.nav.getState().go('actions') },
      });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  }

  async function exportAs(format: ReviewExportFormat) {
    const review = await current();
    if (!review) return;
    setBusy('exporting');
    try {
      const file = await client.call('reviews.export', { id: review.id, format });
      downloadFile(file);
      toasts.getState().show({ message: `Exported ${file.filename}.` });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    } finally {
      setBusy(null);
    }
  }

  async function remove() {
    if (!loaded) return;
    setBusy('deleting');
    try {
      await client.call('reviews.delete', { id: loaded.id });
      reviews.getState().closeReview();
      void reviews.getState().loadAccount(account.id);
      toasts.getState().show({
        message: `Deleted the review of ${formatDay(loaded.date)}.`,
        focus: true,
        action: {
          label: 'Undo',
          run: async () => {
            try {
              await client.call('reviews.restore', { id: loaded.id });
              await reviews.getState().loadAccount(account.id);
              reviews.getState().openReview(account.id, loaded.id);
            } catch (error) {
              toasts.getState().show({ message: errorMessage(error) });
            }
          },
        },
      });
    } catch (error) {
      setFormError(errorMessage(error));
      setBusy(null);
    }
  }

  const close = () => reviews.getState().closeReview();
  const onKeyDown = (event: KeyboardEvent<HTMLFormElement>) => {
    if (event.nativeEvent.isComposing) return;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
      return;
    }
    if (event.key !== 'Escape' || event.defaultPrevented) return;
    event.preventDefault();
    if (!dirty) close();
    else {
      setConfirmClose(true);
      requestAnimationFrame(() => formRef.current?.querySelector<HTMLButtonElement>('[data-keep-editing]')?.focus());
    }
  };

  const heading = id === null ? 'New roadmap review' : `${loaded?.title ?? 'Roadmap review'}, ${loaded ? formatDay(loaded.date) : ''}`;
  const followUpProps = { busy: busy !== null, onOpenAction: () => showAccountTab(stores, account.id, 'actions') };
  return (
    <section className="review-editor" aria-label={heading}>
      <div className="review-editor__bar">
        <button type="button" className="link-button" onClick={() => (dirty ? setConfirmClose(true) : close())}>
          ← All reviews
        </button>
        <p className="muted review-editor__keys">
          <kbd>{isMac() ? '⌘Enter' : 'Ctrl Enter'}</kbd> save · <kbd>Esc</kbd> close
        </p>
      </div>
      <form ref={formRef} className="form panel review-form" noValidate aria-busy={loading || undefined} aria-label={heading} onSubmit={(e) => void submit(e)} onKeyDown={onKeyDown}>
        <h2 className="review-editor__title">{heading}</h2>
        {confirmClose ? (
          <div className="review-confirm" role="alertdialog" aria-label="Unsaved changes">
            <p>This review has unsaved changes.</p>
            <div className="form__actions">
              <button type="button" className="button" data-keep-editing onClick={() => setConfirmClose(false)}>
                Keep editing
              </button>
              <button type="button" className="button button--danger" onClick={close}>
                Discard changes
              </button>
            </div>
          </div>
        ) : null}
        {formError ? (
          <p role="alert" className="form__error">
            {formError}
          </p>
        ) : null}
        {loading ? (
          formError ? null : (
            <p className="muted" role="status">
              Loading review…
            </p>
          )
        ) : (
          <>
            <div className="review-form__head">
              <InlineField label="Date" type="date" value={draft.date} onChange={setField('date')} error={errors['date']} />
              <InlineField label="Title" value={draft.title} onChange={setField('title')} error={errors['title']} />
            </div>
            <AttendeeRows
              rows={draft.attendees}
              errors={errors}
              onChange={changeRow('attendees')}
              onRemove={(i) => removeRow('attendees', i)}
              onAdd={() => addRow('attendees', () => newAttendee())}
            />
            <InlineField label="Agenda" multiline rows={3} value={draft.agenda} onChange={setField('agenda')} error={errors['agenda']} />
            <AskRows rows={draft.asks} errors={errors} onChange={changeRow('asks')} onRemove={(i) => removeRow('asks', i)} onAdd={() => addRow('asks', newAsk)} onFollowUp={(i) => void followUp('asks', i)} {...followUpProps} />
            <CommitmentRows
              rows={draft.commitments}
              errors={errors}
              onChange={changeRow('commitments')}
              onRemove={(i) => removeRow('commitments', i)}
              onAdd={() => addRow('commitments', () => newCommitment(me?.name ?? ''))}
              onFollowUp={(i) => void followUp('commitments', i)}
              {...followUpProps}
            />
            <InlineField label="Notes" multiline rows={8} value={draft.notes} onChange={setField('notes')} error={errors['notes']} />
          </>
        )}
        <div className="form__actions review-form__actions">
          <button type="submit" className="button button--primary" disabled={loading || busy !== null} aria-busy={busy === 'saving' || undefined}>
            {id === null ? 'Save review' : 'Save changes'}
          </button>
          <button type="button" className="button" disabled={loading || busy !== null} onClick={() => void exportAs('md')}>
            Export Markdown
          </button>
          <button type="button" className="button" disabled={loading || busy !== null} onClick={() => void exportAs('pdf')}>
            Export PDF
          </button>
          {loaded ? (
            <button type="button" className="button button--danger review-form__delete" disabled={busy !== null} onClick={() => void remove()}>
              Delete review
            </button>
          ) : null}
          <span className="muted review-form__state" aria-live="polite">
            {dirty ? 'Unsaved changes' : id !== null && !loading ? 'All changes saved' : ''}
          </span>
        </div>
      </form>
    </section>
  );
}

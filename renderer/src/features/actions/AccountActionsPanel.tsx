import { useEffect, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { actionCreateSchema } from '../../../../core/model';
import type { Account, FieldErrors } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useActions, useApp, useProfile } from '../../app/context';
import { focusFirstInvalid } from '../../ui/fields';
import { ACTION_SCREEN_TABLES, useDataChanged } from '../reviews/useDataChanged';
import { fieldErrorsOf } from '../reviews/validation';
import { ActionItemsGrid } from './ActionItemsGrid';
import { KeyboardHint } from './KeyboardHint';
import { openSource } from './openSource';
import { useActionCommands } from './useActionCommands';
import { InlineField } from '../reviews/InlineField';

interface Draft {
  title: string;
  owner: string;
  due: string;
}

/** The account page's Action items tab: everyone's items for this account, and a quick way to add one. */
export function AccountActionsPanel({ account }: { account: Account }) {
  const stores = useApp();
  const { actions, toasts } = stores;
  const me = useProfile((s) => s.profile?.name ?? '');
  const list = useActions((s) => s.byAccount[account.id]);
  const commands = useActionCommands();
  const formRef = useRef<HTMLFormElement>(null);
  const [draft, setDraft] = useState<Draft>({ title: '', owner: me, due: '' });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    void actions.getState().loadAccount(account.id);
  }, [actions, account.id]);
  useDataChanged(ACTION_SCREEN_TABLES, () => void actions.getState().loadAccount(account.id));

  const set = (key: keyof Draft) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));

  async function add(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const input = { accountId: account.id, title: draft.title, owner: draft.owner, due: draft.due.trim() === '' ? null : draft.due };
    const parsed = actionCreateSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsOf(parsed.error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
      return;
    }
    setSaving(true);
    setFormError(null);
    try {
      const item = await actions.getState().create(input);
      setErrors({});
      setDraft({ title: '', owner: draft.owner, due: '' });
      toasts.getState().show({ message: `Added: ${item.title}` });
      formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
    } catch (error) {
      const fields = error instanceof ApiError ? error.fields : {};
      setErrors(fields);
      if (!Object.keys(fields).some((k) => k in draft)) setFormError(errorMessage(error));
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setSaving(false);
    }
  }

  return (
    <div className="actions-panel">
      <form ref={formRef} className="panel actions-add" noValidate aria-label="Add an action item" onSubmit={(e) => void add(e)}>
        {formError ? (
          <p role="alert" className="form__error">
            {formError}
          </p>
        ) : null}
        <div className="actions-add__fields">
          <InlineField label="New action item" value={draft.title} onChange={set('title')} error={errors['title']} placeholder="What needs doing?" />
          <InlineField label="Owner" value={draft.owner} onChange={set('owner')} error={errors['owner']} />
          <InlineField label="Due" type="date" value={draft.due} onChange={set('due')} error={errors['due']} />
          <button type="submit" className="button button--primary actions-add__submit" disabled={saving}>
            Add
          </button>
        </div>
      </form>
      {list?.error ? (
        <p role="alert" className="form__error">
          {list.error}
        </p>
      ) : null}
      {list?.status === 'ready' && list.items.length === 0 ? (
        <div className="empty">
          <p className="empty__title">No action items for {account.name} yet.</p>
          <p className="muted">Add one above, or create one from a review’s ask or commitment.</p>
        </div>
      ) : null}
      {list && list.items.length > 0 ? (
        <>
          <KeyboardHint />
          <ActionItemsGrid
            items={list.items}
            label={`${account.name} action items`}
            show={{ account: false, owner: true }}
            onOpen={(item) => void openSource(stores, item)}
            onStatus={commands.setStatus}
            onDelete={commands.remove}
          />
        </>
      ) : null}
    </div>
  );
}

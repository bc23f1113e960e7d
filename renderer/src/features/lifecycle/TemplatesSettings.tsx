import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { LIFECYCLE_STAGES, LIFECYCLE_STAGE_LABELS } from '../../../../core/model';
import type { HandoffTemplateItem, LifecycleStage } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp, useLifecycle } from '../../app/context';
import { TextField } from '../../ui/fields';
import { READ_ONLY_NOTE, useOrgEditor } from '../team/useOrgEditor';

function ItemForm({ stage, item, onDone }: { stage: LifecycleStage; item: HandoffTemplateItem | null; onDone: () => void }) {
  const { lifecycle } = useApp();
  const [text, setText] = useState(item?.text ?? '');
  const [error, setError] = useState<string | undefined>();
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    try {
      await lifecycle.getState().saveTemplate({ ...(item ? { id: item.id } : {}), stage, text });
      setText('');
      setError(undefined);
      onDone();
    } catch (e) {
      setError(e instanceof ApiError ? (e.fields['text'] ?? e.message) : errorMessage(e));
    }
  }
  return (
    <form className="form team-settings-form" noValidate aria-label={item ? 'Edit checklist item' : `Add an item to ${LIFECYCLE_STAGE_LABELS[stage]}`} onSubmit={(e) => void submit(e)}>
      <TextField label={item ? 'Checklist item' : `New item for ${LIFECYCLE_STAGE_LABELS[stage]}`} name="text" value={text} onChange={setText} error={error} />
      <div className="form__actions">
        <button type="submit" className="button">
          {item ? 'Save item' : 'Add item'}
        </button>
        {item ? (
          <button type="button" className="button button--quiet" onClick={onDone}>
            Cancel
          </button>
        ) : null}
      </div>
    </form>
  );
}

/** Settings › Hand-off checklists: the items checked on the way into each stage. */
export function TemplatesSettings() {
  const { lifecycle, toasts } = useApp();
  const editor = useOrgEditor();
  const templates = useLifecycle((s) => s.templates);
  const [stage, setStage] = useState<LifecycleStage>('onboarding');
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => {
    void lifecycle.getState().loadTemplates();
  }, [lifecycle]);
  const items = templates.filter((t) => t.stage === stage).sort((a, b) => a.sort - b.sort);

  const remove = async (item: HandoffTemplateItem) => {
    try {
      await lifecycle.getState().deleteTemplate(item.id);
      toasts.getState().show({ message: 'Checklist item removed.', focus: true, action: { label: 'Undo', run: () => lifecycle.getState().restoreTemplate(item.id) } });
    } catch (error) {
      toasts.getState().show({ message: errorMessage(error) });
    }
  };

  return (
    <section className="panel" aria-labelledby="settings-checklists">
      <h2 id="settings-checklists">Hand-off checklists</h2>
      <p className="muted">What a hand-off into each stage covers. A stage change copies the list, so editing it never changes past hand-offs. {editor ? '' : READ_ONLY_NOTE}</p>
      <label className="field">
        <span className="field__label">Stage</span>
        <select value={stage} onChange={(e) => setStage(e.target.value as LifecycleStage)}>
          {LIFECYCLE_STAGES.map((s) => (
            <option key={s} value={s}>
              {LIFECYCLE_STAGE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      {items.length === 0 ? (
        <p className="muted">No checklist for {LIFECYCLE_STAGE_LABELS[stage]}.</p>
      ) : (
        <ol className="team-settings-list">
          {items.map((item) =>
            editing === item.id ? (
              <li key={item.id}>
                <ItemForm stage={stage} item={item} onDone={() => setEditing(null)} />
              </li>
            ) : (
              <li key={item.id}>
                <span>{item.text}</span>
                {editor ? (
                  <span className="team-settings-list__actions">
                    <button type="button" className="button button--quiet" aria-label={`Edit "${item.text}"`} onClick={() => setEditing(item.id)}>
                      Edit
                    </button>
                    <button type="button" className="button button--quiet" aria-label={`Remove "${item.text}"`} onClick={() => void remove(item)}>
                      Remove
                    </button>
                  </span>
                ) : null}
              </li>
            ),
          )}
        </ol>
      )}
      {editor ? <ItemForm key={stage} stage={stage} item={null} onDone={() => undefined} /> : null}
    </section>
  );
}

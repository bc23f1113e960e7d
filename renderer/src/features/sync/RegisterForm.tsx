import { useId, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { FieldErrors } from '../../../../core/model';
import { ApiError, errorMessage } from '../../api/client';
import { useApp } from '../../app/context';
import { focusFirstInvalid } from '../../ui/fields';

/** A labelled input with its error bound to it; the token is a password field that browsers neither fill nor keep. */
function Field({
  label,
  name,
  value,
  onChange,
  error,
  hint,
  type = 'text',
}: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
  hint: string;
  type?: 'url' | 'password' | 'text';
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        autoComplete="off"
        spellCheck={false}
        aria-required
        aria-invalid={error ? true : undefined}
        aria-describedby={[error ? errorId : null, hintId].filter(Boolean).join(' ')}
      />
      <p id={hintId} className="field__hint">
        {hint}
      </p>
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Where a failure belongs: next to the address, next to the token, or above the form. */
function placeError(error: unknown): { fields: FieldErrors; alert: string | null } {
  if (!(error instanceof ApiError)) return { fields: {}, alert: errorMessage(error) };
  if (Object.keys(error.fields).length > 0) return { fields: error.fields, alert: null };
  switch (error.code) {
    case 'unauthenticated':
      return { fields: { token: `The server did not accept this device token. ${error.message} Check the token, or ask an administrator for a new one.` }, alert: null };
    case 'unavailable':
      return { fields: { url: `Fieldbook could not reach this server. Check the address and that the server is running. (${error.message})` }, alert: null };
    case 'invalid':
      return { fields: { url: error.message }, alert: null };
    default:
      return { fields: {}, alert: error.message };
  }
}

/** Registers this device; with `again`, registers it anew with that server (a restored or copied database). */
export function RegisterForm({ again }: { again?: string } = {}) {
  const { sync, toasts } = useApp();
  const formRef = useRef<HTMLFormElement>(null);
  const [url, setUrl] = useState(again ?? '');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [alert, setAlert] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setAlert(null);
    try {
      const target = await sync.getState().register(url, token);
      setToken('');
      toasts.getState().show({ message: `Registered with ${target.url}. Sync now to send your changes.` });
    } catch (error) {
      const placed = placeError(error);
      setErrors(placed.fields);
      setAlert(placed.alert);
      requestAnimationFrame(() => focusFirstInvalid(formRef.current));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form ref={formRef} className="form" noValidate aria-label={again ? `Register again with ${again}` : 'Register this device'} aria-busy={busy || undefined} onSubmit={(e) => void submit(e)}>
      {alert ? (
        <p role="alert" className="form__error">
          {alert}
        </p>
      ) : null}
      {again ? null : (
        <Field
          label="Server address"
          name="url"
          type="url"
          value={url}
          onChange={setUrl}
          error={errors.url}
          hint="For example https://sync.example.com — your administrator has it."
        />
      )}
      <Field
        label="Device token"
        name="token"
        type="password"
        value={token}
        onChange={setToken}
        error={errors.token}
        hint={
          again
            ? 'A new device token from your administrator: this data folder now counts as a new device.'
            : 'A one-device secret from your administrator. It is kept in this data folder, readable by you alone.'
        }
      />
      <div className="form__actions">
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Registering…' : again ? 'Register again' : 'Register'}
        </button>
      </div>
    </form>
  );
}

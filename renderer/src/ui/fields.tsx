import { useId } from 'react';
import type { ChangeEvent, ReactNode } from 'react';

export interface Option {
  value: string;
  label: string;
}

interface BaseProps {
  label: string;
  name: string;
  error?: string | undefined;
  hint?: ReactNode;
  required?: boolean;
}

/** Label, control and error in one place, so every error is bound to its input (aria-describedby). */
function FieldFrame({
  label,
  error,
  hint,
  children,
}: BaseProps & { children: (ids: { id: string; describedBy: string | undefined }) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({ id, describedBy })}
      {hint ? (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField(
  props: BaseProps & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'email';
    multiline?: boolean;
    autoComplete?: string;
  },
) {
  const { value, onChange, type = 'text', multiline = false, autoComplete, name, error, required } = props;
  const handle = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => onChange(e.target.value);
  return (
    <FieldFrame {...props}>
      {({ id, describedBy }) =>
        multiline ? (
          <textarea
            id={id}
            name={name}
            value={value}
            onChange={handle}
            rows={5}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
        ) : (
          <input
            id={id}
            name={name}
            type={type}
            value={value}
            onChange={handle}
            autoComplete={autoComplete ?? 'off'}
            aria-required={required ? true : undefined}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
        )
      }
    </FieldFrame>
  );
}

export function SelectField(
  props: BaseProps & { value: string; onChange: (value: string) => void; options: readonly Option[] },
) {
  const { value, onChange, options, name, error, required } = props;
  return (
    <FieldFrame {...props}>
      {({ id, describedBy }) => (
        <select
          id={id}
          name={name}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-required={required ? true : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
        >
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldFrame>
  );
}

/** Moves focus to the first invalid control after a failed submit, so keyboard users land on the problem. */
export function focusFirstInvalid(form: HTMLFormElement | null): void {
  const invalid = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  invalid?.focus();
}

import { useId } from 'react';
import type { ReactNode } from 'react';

/**
 * Inputs the shared ui/fields.tsx does not offer (date, time, number, datetime-local, checkbox groups), built the
 * same way: label, control, hint and error in one frame, the error bound to the control with aria-describedby.
 */
interface FrameProps {
  label: string;
  error?: string | undefined;
  hint?: ReactNode;
  className?: string;
}

function useDescribed(error: string | undefined, hint: ReactNode) {
  const id = useId();
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return { id, errorId, hintId, describedBy };
}

function Messages({ error, hint, errorId, hintId }: { error?: string | undefined; hint?: ReactNode; errorId: string; hintId: string }) {
  return (
    <>
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
    </>
  );
}

export function InputField(
  props: FrameProps & {
    name: string;
    value: string;
    onChange: (value: string) => void;
    type: 'date' | 'time' | 'number' | 'datetime-local' | 'text';
    min?: number | string;
    step?: number | string;
    placeholder?: string;
    list?: string;
    required?: boolean;
    onFocus?: () => void;
  },
) {
  const { label, error, hint, name, value, onChange, type, min, step, placeholder, list, required, className, onFocus } = props;
  const { id, errorId, hintId, describedBy } = useDescribed(error, hint);
  return (
    <div className={`field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      <input
        id={id}
        name={name}
        type={type}
        value={value}
        min={min}
        step={step}
        placeholder={placeholder}
        list={list}
        autoComplete="off"
        onChange={(e) => onChange(e.target.value)}
        onFocus={onFocus}
        aria-required={required ? true : undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      <Messages error={error} hint={hint} errorId={errorId} hintId={hintId} />
    </div>
  );
}

export interface CheckOption {
  value: string;
  label: string;
}

/** Checkboxes in a fieldset: the legend names the group, the error sits under it. */
export function CheckboxGroup(
  props: FrameProps & { name: string; options: readonly CheckOption[]; value: readonly string[]; onChange: (value: string[]) => void },
) {
  const { label, error, hint, name, options, value, onChange, className } = props;
  const { errorId, hintId, describedBy } = useDescribed(error, hint);
  const toggle = (option: string, on: boolean) => onChange(on ? [...value, option] : value.filter((v) => v !== option));
  return (
    <fieldset className={`field sla-checks${className ? ` ${className}` : ''}`} aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend className="field__label">{label}</legend>
      <div className="sla-checks__options">
        {options.map((o) => (
          <label key={o.value} className="sla-check">
            <input type="checkbox" name={name} value={o.value} checked={value.includes(o.value)} onChange={(e) => toggle(o.value, e.target.checked)} />
            {o.label}
          </label>
        ))}
      </div>
      <Messages error={error} hint={hint} errorId={errorId} hintId={hintId} />
    </fieldset>
  );
}

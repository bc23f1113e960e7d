import { useId } from 'react';
import type { ReactNode, Ref } from 'react';
import type { Option } from '../../ui/fields';

interface Common {
  label: string;
  error?: string | undefined;
  /** The label is read by screen readers but not shown: rows under visible column headers. */
  hideLabel?: boolean;
  className?: string;
}

function Frame({ label, error, hideLabel, className, children }: Common & { children: (ids: { id: string; describedBy: string | undefined }) => ReactNode }) {
  const id = useId();
  const errorId = `${id}-error`;
  return (
    <div className={`field review-field${error ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className={hideLabel ? 'visually-hidden' : 'field__label'}>
        {label}
      </label>
      {children({ id, describedBy: error ? errorId : undefined })}
      {error ? (
        <p id={errorId} className="field__error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A compact input with its label and its error bound to it (aria-describedby), for forms with repeatable rows. */
export function InlineField(
  props: Common & {
    value: string;
    onChange: (value: string) => void;
    type?: 'text' | 'date';
    placeholder?: string;
    multiline?: boolean;
    rows?: number;
    inputRef?: Ref<HTMLInputElement>;
    name?: string;
  },
) {
  const { value, onChange, type = 'text', placeholder, multiline, rows = 4, error, inputRef, name } = props;
  return (
    <Frame {...props}>
      {({ id, describedBy }) =>
        multiline ? (
          <textarea
            id={id}
            name={name}
            value={value}
            rows={rows}
            placeholder={placeholder}
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
        ) : (
          <input
            ref={inputRef}
            id={id}
            name={name}
            type={type}
            value={value}
            placeholder={placeholder}
            autoComplete="off"
            onChange={(e) => onChange(e.target.value)}
            aria-invalid={error ? true : undefined}
            aria-describedby={describedBy}
          />
        )
      }
    </Frame>
  );
}

export function InlineSelect(props: Common & { value: string; onChange: (value: string) => void; options: readonly Option[] }) {
  const { value, onChange, options, error } = props;
  return (
    <Frame {...props}>
      {({ id, describedBy }) => (
        <select id={id} value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Frame>
  );
}

import type { z } from 'zod';
import { FieldbookError } from '../model';
import type { ErrorBody, FieldErrors } from '../model';
import { contract, isMethodName } from './contract';
import type { Envelope, MethodName, OutputOf, ParsedInputOf } from './contract';

export type Handlers = {
  [K in MethodName]: (input: ParsedInputOf<K>) => OutputOf<K> | Promise<OutputOf<K>>;
};

export interface Dispatcher {
  dispatch(method: string, input: unknown): Promise<Envelope<unknown>>;
}

/** Field name of a zod issue: the last named segment, so `patch.name` is shown next to the Name field. */
function fieldOf(path: readonly PropertyKey[]): string {
  const named = path.filter((p): p is string => typeof p === 'string');
  return named[named.length - 1] ?? '_';
}

/** `homeRegion` → `Home region`: how a field is named in a message. */
function labelOf(field: string): string {
  const words = field.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Our schemas' own messages are whole sentences that name their field ("Name is required."); zod's generic
 * ones are not, so those get the field's label in front. Unknown keys are named plainly.
 */
function messageOf(issue: z.core.$ZodIssue, field: string): string {
  if (issue.code === 'unrecognized_keys') return `Unknown field${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.join(', ')}.`;
  if (issue.message.endsWith('.')) return issue.message;
  return field === '_' ? `${issue.message}.` : `${labelOf(field)}: ${issue.message.charAt(0).toLowerCase()}${issue.message.slice(1)}.`;
}

export function validationError(error: z.ZodError): ErrorBody {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    fields[field] ??= messageOf(issue, field);
  }
  const message = Object.values(fields)[0] ?? 'The request is not valid.';
  return { code: 'invalid', message, details: { fields } };
}

/**
 * Validates every input against the contract, runs the handler, and always answers with an envelope.
 * Unexpected failures are reported as `internal` without leaking their text; `log` receives them.
 */
export function createDispatcher(handlers: Handlers, log: (error: unknown, method: string) => void = () => {}): Dispatcher {
  return {
    async dispatch(method, input) {
      if (!isMethodName(method)) {
        return { ok: false, error: { code: 'invalid', message: `Unknown method "${String(method).slice(0, 100)}".` } };
      }
      const parsed = contract[method].input.safeParse(input);
      if (!parsed.success) return { ok: false, error: validationError(parsed.error) };
      try {
        const handler = handlers[method] as (input: unknown) => unknown;
        const data = await handler(parsed.data);
        return { ok: true, data };
      } catch (error) {
        if (error instanceof FieldbookError) return { ok: false, error: error.toBody() };
        log(error, method);
        return { ok: false, error: { code: 'internal', message: 'Something went wrong inside Fieldbook. Nothing was saved; try again.' } };
      }
    },
  };
}

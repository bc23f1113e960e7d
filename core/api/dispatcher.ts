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

export function validationError(error: z.ZodError): ErrorBody {
  const fields: FieldErrors = {};
  for (const issue of error.issues) {
    const field = fieldOf(issue.path);
    fields[field] ??= issue.message;
  }
  const [firstField, firstMessage] = Object.entries(fields)[0] ?? ['_', 'The request is not valid.'];
  const message = firstField === '_' ? firstMessage : `${firstField}: ${firstMessage}`;
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

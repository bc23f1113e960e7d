import type { z } from 'zod';
import type { FieldErrors } from '../../../../core/model';

/**
 * Field errors keyed by their full path ("date", "asks.1.title"), so a message lands next to the right row's
 * field. The first message per field wins; the model's messages are whole sentences naming their field.
 */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    errors[key] ??= issue.message;
  }
  return errors;
}

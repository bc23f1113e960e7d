import type { CoreLink, EventFrame, EventName, InputOf, MethodName, OutputOf } from '../../../core/api/contract';
import type { ErrorCode, FieldErrors } from '../../../core/model';

/** A failed call, with the core's field errors so forms can show them next to the right input. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldErrors;

  constructor(code: ErrorCode, message: string, fields: FieldErrors = {}) {
    super(message);
    this.name = 'ApiError';
    this.code = code;
    this.fields = fields;
  }
}

export interface ApiClient {
  call<K extends MethodName>(method: K, input: InputOf<K>): Promise<OutputOf<K>>;
  onEvent(listener: (frame: EventFrame) => void): () => void;
}

/** The typed client: generic over the contract's keys, so a wrong method or input fails the type check. */
export function createClient(link: CoreLink): ApiClient {
  return {
    async call<K extends MethodName>(method: K, input: InputOf<K>): Promise<OutputOf<K>> {
      const envelope = await link.request(method, input);
      if (!envelope.ok) {
        const { code, message, details } = envelope.error;
        throw new ApiError(code, message, details?.fields ?? {});
      }
      // The contract ties each method to its output type; the wire cannot carry it, so it is asserted here once.
      return envelope.data as OutputOf<K>;
    },
    onEvent: (listener) => link.onEvent(listener),
  };
}

/** A message for people, whatever was thrown. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  return 'Fieldbook could not complete that. Check the connection and try again.';
}

/** Narrows an event frame by its name, so its payload has that event's type. */
export function isEvent<E extends EventName>(frame: EventFrame, name: E): frame is EventFrame<E> {
  return frame.name === name;
}

// Errors the service raises on purpose. Each carries a contract error code so the dispatcher can turn it into
// `{ok: false, error}` without guessing; anything else that escapes a handler is reported as `internal`.
import type { ErrorCode } from '../contract.js';

export class LabError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'LabError';
    this.code = code;
  }
}

export function notFound(what: string): LabError {
  return new LabError('not-found', `${what} was not found.`);
}

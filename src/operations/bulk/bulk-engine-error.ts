/** Unexpected problems of the bulk engine, or calls it refuses: a stable `code`, one sentence, a cause. */

export type BulkEngineErrorCode =
  | 'NO_EXECUTOR'
  | 'INVALID_ITEMS'
  | 'ALREADY_RUNNING'
  | 'OPERATION_NOT_FOUND'
  | 'OPERATION_STILL_RUNNING'
  | 'NOTHING_TO_RETRY'
  | 'SHUTTING_DOWN'
  | 'ITEM_NOT_RUNNING'
  | 'STORE_UNAVAILABLE'
  | 'AUDIT_UNAVAILABLE';

export class BulkEngineError extends Error {
  readonly code: BulkEngineErrorCode;

  constructor(code: BulkEngineErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BulkEngineError';
    this.code = code;
  }
}

/** The generated files a signed link can serve, and the job ids that are safe as one folder name. */
export const FILE_KINDS = ['results', 'validation-report', 'audit'] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export function isFileKind(value: unknown): value is FileKind {
  return typeof value === 'string' && (FILE_KINDS as readonly string[]).includes(value);
}

// The job store's rule: one path segment that cannot be `.` or `..`, so it can never leave its folder.
const SAFE_JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export function isSafeJobId(value: unknown): value is string {
  return typeof value === 'string' && SAFE_JOB_ID.test(value);
}

/** Unexpected problems with links and stored files: a stable code and one sentence. */
export type FileLinkErrorCode = 'WEAK_LINK_SECRET' | 'INVALID_LINK_REQUEST' | 'UNSAFE_FILE_NAME';

export class FileLinkError extends Error {
  readonly code: FileLinkErrorCode;

  constructor(code: FileLinkErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FileLinkError';
    this.code = code;
  }
}

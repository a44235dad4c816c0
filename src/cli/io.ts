/** Where a command writes: injected so tests capture output without touching the real streams. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Exit codes: 0 clean, 1 the file or the audit log has errors, 2 usage error. */
export const EXIT = { ok: 0, problems: 1, usage: 2 } as const;

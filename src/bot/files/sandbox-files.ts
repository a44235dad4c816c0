/**
 * Sandbox mode only: `GET /sandbox/files/:name` serves CSV files for the Agents Playground's "Custom activity"
 * (it cannot upload a file, but it can send the file-download attachment Teams would, pointing here). Files come
 * from the data directory's `sandbox-files/` folder, where a user drops their own CSV, then from the bundled
 * samples. Only a plain `*.csv` name is looked up, so nothing outside those folders can be read.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface SandboxFilesOptions {
  /** Searched in order. */
  directories: string[];
}

export type SandboxFile =
  | { status: 200; headers: Record<string, string>; body: Uint8Array }
  | { status: 404; headers: Record<string, string>; body: string };

const SAFE_CSV_NAME = /^[\w][\w .()-]{0,120}\.csv$/i;

export async function serveSandboxFile(name: string, options: SandboxFilesOptions): Promise<SandboxFile> {
  if (SAFE_CSV_NAME.test(name)) {
    for (const directory of options.directories) {
      const body = await readFile(join(directory, name)).catch(() => undefined);
      if (body !== undefined) {
        return {
          status: 200,
          headers: { 'content-type': 'text/csv; charset=utf-8', 'cache-control': 'no-store' },
          body: new Uint8Array(body),
        };
      }
    }
  }
  // No folder paths in the answer: they say where the bot runs from.
  return {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
    body: `No CSV file named ${JSON.stringify(name)}: put it in the data directory's sandbox-files folder.`,
  };
}

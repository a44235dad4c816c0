/**
 * Where the generated CSVs of a job live until their links expire: `<dataDir>/files/<jobId>/<kind>.csv`.
 * The path is built only from a safe job id and a known kind, so no input can point outside that folder.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { FileLinkError, isFileKind, isSafeJobId, type FileKind } from './file-kinds.ts';

export interface FileVaultOptions {
  dataDir: string;
}

export interface FileVault {
  /** Replaces the job's file of that kind; a reader sees the old file or the new one, never half of one. */
  put(jobId: string, kind: FileKind, bytes: Uint8Array): Promise<void>;
  /** The stored bytes, or null when there are none (or the ids could not name a stored file). */
  get(claims: { jobId: string; kind: FileKind }): Promise<Uint8Array | null>;
}

function errorCodeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

export function createFileVault(options: FileVaultOptions): FileVault {
  const root = resolve(options.dataDir, 'files');

  const pathOf = (jobId: unknown, kind: unknown): string | null => {
    if (!isSafeJobId(jobId) || !isFileKind(kind)) return null;
    const path = join(root, jobId, `${kind}.csv`);
    const inside = relative(root, path);
    // Belt and braces: the checks above already rule out separators and dot segments.
    return inside.startsWith('..') || isAbsolute(inside) ? null : path;
  };

  return {
    async put(jobId, kind, bytes) {
      const path = pathOf(jobId, kind);
      if (path === null) {
        throw new FileLinkError('UNSAFE_FILE_NAME', 'A stored file needs a safe job id and a known kind.');
      }
      await mkdir(join(root, jobId), { recursive: true });
      const temporary = `${path}.${randomUUID()}.tmp`;
      try {
        await writeFile(temporary, bytes);
        await rename(temporary, path);
      } catch (error) {
        await rm(temporary, { force: true });
        throw error;
      }
    },

    async get(claims) {
      const path = pathOf(claims.jobId, claims.kind);
      if (path === null) return null;
      try {
        return new Uint8Array(await readFile(path));
      } catch (error) {
        if (errorCodeOf(error) === 'ENOENT' || errorCodeOf(error) === 'ENOTDIR') return null;
        throw error;
      }
    },
  };
}

/**
 * Answers `GET /files/:token` without a framework: the route hands over the token and sends back what this
 * returns. Every failure is the same 404, so a caller cannot tell an expired link from a forged one.
 */
import type { FileKind } from './file-kinds.ts';
import type { FileVault } from './file-vault.ts';
import type { LinkSigner } from './signed-links.ts';

export interface ServeFileDependencies {
  signer: Pick<LinkSigner, 'verify'>;
  vault: Pick<FileVault, 'get'>;
}

export type ServedFile =
  | {
      status: 200;
      headers: {
        'content-type': 'text/csv; charset=utf-8';
        'content-disposition': string;
        'cache-control': 'no-store';
        'x-content-type-options': 'nosniff';
      };
      body: Uint8Array;
    }
  | {
      status: 404;
      headers: { 'content-type': 'text/plain; charset=utf-8'; 'cache-control': 'no-store' };
      body: string;
    };

export const LINK_NOT_VALID = 'This link has expired or is not valid.';
const MAX_NAME_LENGTH = 150;

const NOT_FOUND: ServedFile = {
  status: 404,
  headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' },
  body: LINK_NOT_VALID,
};

/** A name that cannot break the header: no control characters, quotes, backslashes or path separators. */
export function sanitiseFileName(name: string, kind: FileKind): string {
  const cleaned = name
    .normalize('NFC')
    // Control and line-separator characters could split the header; format ones (U+202E) disguise the name.
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]+/gu, ' ')
    .replace(/["\\/]/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '')
    .slice(0, MAX_NAME_LENGTH)
    .trim();
  if (cleaned === '') return `${kind}.csv`;
  return /\.csv$/i.test(cleaned) ? cleaned : `${cleaned}.csv`;
}

function encodeRfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** RFC 6266: an ASCII `filename` for every browser, and `filename*` when the name has other characters. */
export function contentDispositionFor(fileName: string, kind: FileKind): string {
  const safe = sanitiseFileName(fileName, kind);
  const ascii = safe.replace(/[^\u0020-\u007e]/g, '_');
  const header = `attachment; filename="${ascii}"`;
  return ascii === safe ? header : `${header}; filename*=UTF-8''${encodeRfc5987(safe)}`;
}

export async function serveSignedFile(token: string, dependencies: ServeFileDependencies): Promise<ServedFile> {
  const verdict = dependencies.signer.verify(token);
  if (!verdict.ok) return NOT_FOUND;
  const { claims } = verdict;
  const body = await dependencies.vault.get({ jobId: claims.jobId, kind: claims.kind });
  if (body === null) return NOT_FOUND;
  return {
    status: 200,
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': contentDispositionFor(claims.fileName, claims.kind),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
    body,
  };
}

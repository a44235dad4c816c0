/**
 * Answers `GET /files/:token` without a framework: the route hands over the token and sends back what this
 * returns. Every failure is the same 404, so a caller cannot tell an expired link from a forged one. Every
 * download is written to the audit trail, in the name of the person the link was made for, before a byte is
 * sent: a download the trail cannot record is not served.
 */
import { AUDIT_ACTIONS } from '../../operations/audit-actions.ts';
import type { AuditLog } from '../../operations/ports.ts';
import type { FileKind } from './file-kinds.ts';
import type { FileVault } from './file-vault.ts';
import type { LinkSigner } from './signed-links.ts';

export interface ServeFileDependencies {
  signer: Pick<LinkSigner, 'verify'>;
  vault: Pick<FileVault, 'get'>;
  audit: Pick<AuditLog, 'append'>;
  log?: (line: string) => void;
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
      status: 404 | 503;
      headers: { 'content-type': 'text/plain; charset=utf-8'; 'cache-control': 'no-store' };
      body: string;
    };

export const LINK_NOT_VALID =
  'This link has expired or is not valid. Ask the bot in Teams for a new one: "results <job>", "report <job>" or "audit <job>".';
export const DOWNLOAD_NOT_RECORDED =
  'The download could not be recorded in the audit trail, so it was not served. Try again in a minute.';
const MAX_NAME_LENGTH = 150;

const TEXT_HEADERS = { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' } as const;
const NOT_FOUND: ServedFile = { status: 404, headers: TEXT_HEADERS, body: LINK_NOT_VALID };

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
  try {
    await dependencies.audit.append({
      actor: claims.for,
      action: AUDIT_ACTIONS.fileDownloaded,
      jobId: claims.jobId,
      details: {
        kind: claims.kind,
        fileName: claims.fileName,
        bytes: body.byteLength,
        linkExpiresAt: new Date(claims.exp).toISOString(),
      },
    });
  } catch (error) {
    dependencies.log?.(
      `download of the ${claims.kind} of job ${claims.jobId} not served: the audit trail refused it (${error instanceof Error ? error.name : 'error'})`,
    );
    return { status: 503, headers: TEXT_HEADERS, body: DOWNLOAD_NOT_RECORDED };
  }
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

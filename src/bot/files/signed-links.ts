/**
 * Signed, expiring download links for the files a job produces (results, validation report, audit), for chats
 * where the file consent card is not available. A token is base64url(JSON claims) + "." + base64url(HMAC-SHA256):
 * the claims name the job, the kind of file, its download name and the one person it was made for, so what is
 * served follows from the claims, never from a path in the URL. A link is short-lived (an hour by default) and
 * its use is audited in that person's name (serve-file.ts): a results file names mailboxes and addresses, and a
 * link forwarded to someone else is still recorded as the download of the person it was given to.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../operations/ports.ts';
import { FileLinkError, isFileKind, isSafeJobId, type FileKind } from './file-kinds.ts';

export interface FileLinkRequest {
  jobId: string;
  /** The name the browser saves the file under. */
  fileName: string;
  kind: FileKind;
  /** The person the link is for (their Entra object id, else their Teams id): the audit names them. */
  for: string;
}

export interface FileLinkClaims extends FileLinkRequest {
  /** Expiry, in milliseconds since the epoch. */
  exp: number;
}

export type LinkVerdict =
  { ok: true; claims: FileLinkClaims } | { ok: false; reason: 'malformed' | 'bad-signature' | 'expired' };

export interface LinkSignerOptions {
  /** At least 32 random bytes (a `SECRET_*` setting); copied, so later changes to the array do not matter. */
  secret: Uint8Array;
  clock?: Pick<Clock, 'now'>;
  /** @default 1 hour */
  defaultTtlMs?: number;
}

export interface LinkSigner {
  sign(request: FileLinkRequest, ttlMs?: number): string;
  verify(token: string): LinkVerdict;
}

export const DEFAULT_LINK_TTL_MS = 60 * 60 * 1000;
export const MIN_LINK_SECRET_BYTES = 32;
const MAX_TOKEN_LENGTH = 4096;
const MAX_FILE_NAME_LENGTH = 255;
const MAX_PERSON_ID_LENGTH = 256;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
// Binds the MAC to this use, should the same secret ever sign something else.
const MAC_CONTEXT = 'mailbox-recovery-bot/file-link/v1\n';

function checkTtl(ttlMs: number, what: string): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new FileLinkError('INVALID_LINK_REQUEST', `The ${what} of a file link must be a positive number of ms.`);
  }
}

function checkRequest(request: FileLinkRequest): void {
  if (!isSafeJobId(request.jobId)) {
    throw new FileLinkError(
      'INVALID_LINK_REQUEST',
      'A file link needs a job id made of letters, digits, ".", "_" or "-".',
    );
  }
  if (!isFileKind(request.kind)) {
    throw new FileLinkError('INVALID_LINK_REQUEST', 'A file link needs a kind: results, validation-report or audit.');
  }
  if (
    typeof request.fileName !== 'string' ||
    request.fileName.trim() === '' ||
    request.fileName.length > MAX_FILE_NAME_LENGTH
  ) {
    throw new FileLinkError('INVALID_LINK_REQUEST', 'A file link needs a file name of 1 to 255 characters.');
  }
  if (!isPersonId(request.for)) {
    throw new FileLinkError('INVALID_LINK_REQUEST', 'A file link needs the id of the one person it is for.');
  }
}

function isPersonId(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_PERSON_ID_LENGTH;
}

function parseClaims(payload: string): FileLinkClaims | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { jobId, fileName, kind, exp, for: person } = parsed as Record<string, unknown>;
  if (!isSafeJobId(jobId) || !isFileKind(kind) || typeof fileName !== 'string' || typeof exp !== 'number') return null;
  // A link made before links named their person (a bearer link) is refused: nobody could be audited for it.
  if (!isPersonId(person)) return null;
  return Number.isFinite(exp) ? { jobId, fileName, kind, for: person, exp } : null;
}

export function createLinkSigner(options: LinkSignerOptions): LinkSigner {
  if (!(options.secret instanceof Uint8Array) || options.secret.byteLength < MIN_LINK_SECRET_BYTES) {
    throw new FileLinkError(
      'WEAK_LINK_SECRET',
      `The file link secret must be at least ${MIN_LINK_SECRET_BYTES} random bytes.`,
    );
  }
  const secret = Buffer.from(options.secret);
  const now = (): number => (options.clock ?? { now: () => new Date() }).now().getTime();
  const defaultTtlMs = options.defaultTtlMs ?? DEFAULT_LINK_TTL_MS;
  checkTtl(defaultTtlMs, 'default lifetime');
  const macOf = (payload: string): string =>
    createHmac('sha256', secret).update(MAC_CONTEXT).update(payload).digest('base64url');

  return {
    sign(request, ttlMs = defaultTtlMs) {
      checkRequest(request);
      checkTtl(ttlMs, 'lifetime');
      const claims: FileLinkClaims = {
        jobId: request.jobId,
        kind: request.kind,
        fileName: request.fileName,
        for: request.for,
        exp: now() + ttlMs,
      };
      const payload = Buffer.from(JSON.stringify(claims), 'utf8').toString('base64url');
      return `${payload}.${macOf(payload)}`;
    },

    verify(token) {
      if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH || !TOKEN_SHAPE.test(token)) {
        return { ok: false, reason: 'malformed' };
      }
      const [payload = '', signature = ''] = token.split('.');
      // Compared as text, so a signature spelled differently but decoding to the same bytes is refused too.
      const expected = Buffer.from(macOf(payload), 'utf8');
      const given = Buffer.from(signature, 'utf8');
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        return { ok: false, reason: 'bad-signature' };
      }
      const claims = parseClaims(payload);
      if (claims === null) return { ok: false, reason: 'malformed' };
      if (claims.exp <= now()) return { ok: false, reason: 'expired' };
      return { ok: true, claims };
    },
  };
}

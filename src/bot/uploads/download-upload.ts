/**
 * Downloads an uploaded file from Teams' pre-authenticated `downloadUrl`: a plain GET, at once (the link
 * lives a few minutes), with no bot token, no redirects, a size cap enforced while reading, and a timeout.
 */
import { checkDownloadUrl, type DownloadPolicy } from './download-policy.ts';
import type { DownloadFailureCode, DownloadResult } from './download-result.ts';

export interface DownloadOptions extends DownloadPolicy {
  /** Largest body accepted; the read stops as soon as it is passed. */
  maxBytes: number;
  /** For the whole download, body included. */
  timeoutMs: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Stops the download (the bot is shutting down): it then rejects with the signal's reason, not a sentence. */
  signal?: AbortSignal;
}

const SHARING_PAGE_MESSAGE =
  'The file link opened a sharing page instead of the file; send it from Teams on a desktop or paste its text.';

function fail(code: DownloadFailureCode, message: string): DownloadResult {
  return { ok: false, code, message };
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function tooLarge(maxBytes: number): DownloadResult {
  return fail('TOO_LARGE', `The file is larger than the ${formatBytes(maxBytes)} limit; split it into smaller files.`);
}

function isHtmlType(contentType: string | null): boolean {
  return contentType !== null && /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(contentType);
}

/** The iOS client has been seen handing out a sharing link whose page comes back as text/octet-stream. */
function startsLikeHtml(bytes: Uint8Array): boolean {
  const start = new TextDecoder('utf-8', { fatal: false })
    .decode(bytes.subarray(0, 512))
    .replace(/^\ufeff/, '')
    .trimStart()
    .toLowerCase();
  return start.startsWith('<!doctype html') || start.startsWith('<html');
}

type BodyRead = { ok: true; bytes: Uint8Array } | { ok: false };

/** Reads at most `maxBytes`; past that it cancels the stream, which closes the connection. */
async function readCapped(response: Response, maxBytes: number): Promise<BodyRead> {
  if (response.body === null) return { ok: true, bytes: new Uint8Array(0) };
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      return { ok: false };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return { ok: true, bytes };
}

async function discardBody(response: Response): Promise<void> {
  try {
    await response.body?.cancel();
  } catch {
    // The connection may already be gone; nothing more is read from it either way.
  }
}

async function interpret(response: Response, options: DownloadOptions): Promise<DownloadResult> {
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    await discardBody(response);
    return fail(
      'REDIRECT_REFUSED',
      'The file link redirected elsewhere and uploads never follow redirects; send the file again.',
    );
  }
  if (!response.ok) {
    await discardBody(response);
    return fail(
      'DOWNLOAD_FAILED',
      `The file could not be downloaded (HTTP ${response.status}); the link may have expired, so send the file again.`,
    );
  }
  const contentType = response.headers.get('content-type');
  if (isHtmlType(contentType)) {
    await discardBody(response);
    return fail('SHARING_PAGE', SHARING_PAGE_MESSAGE);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    await discardBody(response);
    return tooLarge(options.maxBytes);
  }
  const body = await readCapped(response, options.maxBytes);
  if (!body.ok) return tooLarge(options.maxBytes);
  if (startsLikeHtml(body.bytes)) return fail('SHARING_PAGE', SHARING_PAGE_MESSAGE);
  return { ok: true, bytes: body.bytes, contentType };
}

/** Never throws for an expected problem: every refusal and failure is a `{ ok: false, code, message }`. */
export async function downloadUpload(link: string, options: DownloadOptions): Promise<DownloadResult> {
  const verdict = checkDownloadUrl(link, options);
  if (!verdict.ok) return verdict;
  const fetchImpl = options.fetch ?? fetch;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs);
  try {
    const response = await fetchImpl(verdict.url, {
      method: 'GET',
      // Only the pre-authenticated link itself: no Authorization header, no cookies, no redirects.
      headers: { accept: '*/*' },
      redirect: 'manual',
      signal: options.signal ? AbortSignal.any([controller.signal, options.signal]) : controller.signal,
    });
    return await interpret(response, options);
  } catch {
    if (options.signal?.aborted) throw options.signal.reason;
    if (controller.signal.aborted) {
      const seconds = Math.max(1, Math.round(options.timeoutMs / 1000));
      return fail('TIMEOUT', `The file did not download within ${seconds} s; send it again in a moment.`);
    }
    // Network errors can quote the link and its token: the admin gets a sentence, not the error text.
    return fail(
      'DOWNLOAD_FAILED',
      'The file host could not be reached or the download broke off; send the file again in a moment.',
    );
  } finally {
    clearTimeout(timer);
  }
}

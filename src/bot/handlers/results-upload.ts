/**
 * The PUT of a results file into the OneDrive upload session Teams opened after the user accepted the file
 * consent card. The URL comes from the invoke, so it is checked first: https only, or loopback in the sandbox.
 * No redirects are followed and no bot token is sent (the upload URL carries its own authorisation).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

export type UploadUrlCheck = { ok: true; url: URL } | { ok: false; reason: string };

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function checkUploadUrl(value: unknown, sandbox: boolean): UploadUrlCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'no upload address' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, reason: 'an upload address that is not a URL' };
  }
  if (url.protocol === 'https:') return { ok: true, url };
  if (sandbox && url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)) return { ok: true, url };
  return { ok: false, reason: 'an upload address that is not https' };
}

/** Resolves with the HTTP status; rejects on a network failure or the timeout. */
export function putFileBytes(url: URL, bytes: Uint8Array, timeoutMs: number): Promise<number> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const size = bytes.byteLength;
  return new Promise((resolve, reject) => {
    const req = send(url, {
      method: 'PUT',
      timeout: timeoutMs,
      headers: {
        'Content-Type': 'application/octet-stream',
        'Content-Length': String(size),
        'Content-Range': `bytes 0-${size - 1}/${size}`,
      },
    });
    req.on('timeout', () => req.destroy(new Error('upload timed out')));
    req.on('error', reject);
    req.on('response', (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.end(bytes);
  });
}

/** Small HTTP helpers: read a body, send a reply, check the bearer token. */
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';

export interface HttpReply {
  status: number;
  headers?: Record<string, string>;
  /** Serialised as JSON; `text` is sent as it is. Neither: an empty body. */
  json?: unknown;
  text?: string;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** A request body larger than the sandbox accepts. */
export class BodyTooLargeError extends Error {
  readonly code = 'SANDBOX_BODY_TOO_LARGE';
}

export async function readRequestBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError(`Request bodies are limited to ${MAX_BODY_BYTES} bytes.`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export function sendReply(response: ServerResponse, reply: HttpReply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let body = '';
  if (reply.json !== undefined) {
    body = JSON.stringify(reply.json);
    headers['Content-Type'] ??= 'application/json; charset=utf-8';
  } else if (reply.text !== undefined) {
    body = reply.text;
    headers['Content-Type'] ??= 'text/plain; charset=utf-8';
  }
  headers['Content-Length'] = String(Buffer.byteLength(body));
  response.writeHead(reply.status, headers);
  response.end(body);
}

export function readHeader(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The sandbox accepts any bearer token, except the literal `forbidden`, which plays an app that lacks its
 * role or permission (so clients can exercise their 403 path).
 */
export function checkBearerToken(headers: IncomingHttpHeaders): 'ok' | 'missing' | 'forbidden' {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(readHeader(headers, 'authorization') ?? '');
  if (!match) return 'missing';
  return match[1] === 'forbidden' ? 'forbidden' : 'ok';
}

export function parseJsonBody(text: string): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (text.trim() === '') return { ok: true, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

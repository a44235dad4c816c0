/**
 * What a card `send` throws when the Bot Connector answers with an HTTP failure. The bot maps botbuilder's
 * errors to this type, so the updater's retry rules stay free of any framework.
 */
export class ConnectorError extends Error {
  /** The HTTP status the connector answered with. */
  readonly status: number;
  /** The connector's error code when it sent one (`MessageWritesBlocked`, `ConversationNotFound`), else `HTTP_<status>`. */
  readonly code: string;
  /** How long the connector asked us to wait (from `Retry-After`), when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    init: { status: number; message?: string; code?: string; retryAfterMs?: number },
    options?: { cause?: unknown },
  ) {
    super(init.message ?? `The Bot Connector answered HTTP ${init.status}.`, options);
    this.name = 'ConnectorError';
    this.status = init.status;
    this.code = init.code ?? `HTTP_${init.status}`;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date. Returns undefined when it is missing or
 * unreadable, so the caller falls back to its own backoff.
 */
export function parseRetryAfter(header: string | null | undefined, now: Date): number | undefined {
  const value = header?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now.getTime());
}

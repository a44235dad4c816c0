/**
 * Server-side pages behind opaque `$skiptoken`s. A token is not used up when read, so a client retrying a
 * page after a transient failure gets the same page; tokens expire like Exchange's (minutes).
 */
import { randomBytes } from 'node:crypto';

interface StoredPage {
  cmdletName: string;
  items: Record<string, unknown>[];
  offset: number;
  expiresAtMs: number;
}

export class PageStore {
  private readonly pages = new Map<string, StoredPage>();
  private readonly now: () => number;
  private readonly lifetimeMs: number;

  constructor(now: () => number, lifetimeMs: number) {
    this.now = now;
    this.lifetimeMs = lifetimeMs;
  }

  /** Stores the rest of a result from `offset` on and returns its token. */
  save(cmdletName: string, items: Record<string, unknown>[], offset: number): string {
    this.dropExpired();
    const token = randomBytes(18).toString('base64url');
    this.pages.set(token, { cmdletName, items, offset, expiresAtMs: this.now() + this.lifetimeMs });
    return token;
  }

  find(token: string): StoredPage | undefined {
    this.dropExpired();
    return this.pages.get(token);
  }

  private dropExpired(): void {
    const now = this.now();
    for (const [token, page] of this.pages) if (page.expiresAtMs <= now) this.pages.delete(token);
  }
}

/**
 * Where the public key for `-Password` SecureString parameters comes from when no key file is configured.
 *
 * GreyCorbel/ExoHelper (Commands/Internal/Init.ps1, Module/ExoHelper/ExoHelper.psd1 `ExoPublicKey`) downloads
 * the `<RSAKeyValue>` XML from a URL (its own copy of the key Microsoft ships in the module that
 * Connect-ExchangeOnline downloads), keeps it in a cache file, and downloads it again once the copy is older than
 * 7 days; when the download fails it has no key and refuses to encrypt (Commands/Internal/EncryptValue.ps1:
 * "Public key not loaded"). Its comments say Microsoft rotates the key regularly and "at least one version back is
 * supported", so a copy refreshed weekly never ages out. We do the same in memory, per process.
 */
import type { KeyObject } from 'node:crypto';
import { createPasswordKeyError, readRsaPublicKey } from './rsa-public-key.ts';

/** ExoHelper's refresh age (Init.ps1: `LastWriteTime -lt (Get-Date).AddDays(-7)`). */
export const PASSWORD_KEY_MAX_AGE_MS = 7 * 24 * 60 * 60 * 1000;

const DOWNLOAD_TIMEOUT_MS = 30_000;
const KEY_MAX_CHARS = 64 * 1024;

export interface PasswordKeySource {
  /** The public key, downloaded again once the cached copy reaches `maxAgeMs`; a key that fails to read is not kept. */
  getKey(): Promise<KeyObject>;
}

export interface PasswordKeySourceOptions {
  url: string;
  /** @default 7 days, as ExoHelper */
  maxAgeMs?: number;
  fetch?: typeof fetch;
  /** Injected by tests to age the cached key without waiting. @default Date.now */
  now?: () => number;
}

export function createPasswordKeySource(options: PasswordKeySourceOptions): PasswordKeySource {
  const maxAgeMs = options.maxAgeMs ?? PASSWORD_KEY_MAX_AGE_MS;
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const host = new URL(options.url).host;
  let cached: { key: KeyObject; fetchedAtMs: number } | undefined;
  // Rows recovered side by side share one download instead of each starting their own.
  let pending: Promise<KeyObject> | undefined;

  async function download(): Promise<KeyObject> {
    const timeout = AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS);
    let response: Response;
    let text: string;
    try {
      response = await fetchImpl(options.url, { signal: timeout });
      text = await response.text();
    } catch (error) {
      const what = timeout.aborted ? 'did not answer in time' : 'could not be reached';
      throw createPasswordKeyError(`${host}, where it is downloaded from, ${what}.`, error);
    }
    if (!response.ok) throw createPasswordKeyError(`downloading it from ${host} failed with HTTP ${response.status}.`);
    if (text.trim() === '' || text.length > KEY_MAX_CHARS) {
      throw createPasswordKeyError(`${host} answered without a key.`);
    }
    return readRsaPublicKey(text);
  }

  return {
    async getKey() {
      if (cached && now() - cached.fetchedAtMs < maxAgeMs) return cached.key;
      pending ??= download().finally(() => {
        pending = undefined;
      });
      const key = await pending;
      cached = { key, fetchedAtMs: now() };
      return key;
    },
  };
}

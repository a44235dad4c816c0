/** Parsers for src/config.ts: each takes the variable's name, so a bad value is reported as one sentence naming it. */
import { isIPv6 } from 'node:net';
import { ConfigError } from './operations/bulk-config.ts';

const HOST_NAME = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12,13}$/i;

export function int(raw: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `${name} must be a whole number from ${min} to ${max} (got "${raw}").`);
  }
  return value;
}

/** A limit that is off unless set: unset, empty or `off` give null. */
export function optionalInt(raw: string | undefined, name: string): number | null {
  if (raw === undefined || raw.trim() === '' || raw.trim().toLowerCase() === 'off') return null;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError(name, `${name} must be a whole number of rows from 1, or "off" (got "${raw}").`);
  }
  return value;
}

export function bool(raw: string | undefined, name: string, fallback: boolean): boolean {
  if (raw === undefined) return fallback;
  const lower = raw.toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(lower)) return true;
  if (['false', '0', 'no', 'off'].includes(lower)) return false;
  throw new ConfigError(name, `${name} must be true or false (got "${raw}").`);
}

export function url(raw: string, name: string): string {
  try {
    const parsed = new URL(raw);
    if (parsed.protocol !== 'https:') throw new Error('not https');
    return raw.replace(/\/+$/, '');
  } catch {
    throw new ConfigError(name, `${name} must be an https URL (got "${raw}").`);
  }
}

export function hosts(raw: string | undefined, name: string): string[] | undefined {
  const entries = list(raw);
  if (entries.length === 0) return undefined;
  for (const entry of entries) {
    if (!HOST_NAME.test(entry)) {
      throw new ConfigError(name, `${name} must list bare host names such as contoso.sharepoint.com (got "${entry}").`);
    }
  }
  return entries.map((entry) => entry.toLowerCase());
}

export function guid(raw: string | undefined, name: string): string | undefined {
  if (raw === undefined || GUID.test(raw)) return raw;
  throw new ConfigError(name, `${name} must be a GUID (got "${raw}").`);
}

export function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

export function oneOf<T extends string>(raw: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (raw === undefined) return fallback;
  const match = allowed.find((value) => value.toLowerCase() === raw.toLowerCase());
  if (match !== undefined) return match;
  throw new ConfigError(name, `${name} must be one of ${allowed.join(', ')} (got "${raw}").`);
}

export function listenHost(raw: string): string {
  const bare = raw.replace(/^\[(.*)\]$/, '$1');
  if (isIPv6(bare) || /^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/i.test(bare)) return bare;
  throw new ConfigError('HOST', `HOST must be a host name or IP address such as 127.0.0.1 (got "${raw}").`);
}

/** Defaults to the listening address; `assertBotReady` insists on https against a real tenant. */
export function publicBaseUrl(raw: string | undefined, host: string, port: number): string {
  if (raw === undefined) return `http://${isIPv6(host) ? `[${host}]` : host}:${port}`;
  const parsed = URL.canParse(raw) ? new URL(raw) : null;
  const schemes = ['http:', 'https:'];
  if (parsed === null || !schemes.includes(parsed.protocol) || parsed.search !== '' || parsed.hash !== '') {
    throw new ConfigError(
      'PUBLIC_BASE_URL',
      `PUBLIC_BASE_URL must be an http(s) URL without query or fragment (got "${raw}").`,
    );
  }
  return raw.replace(/\/+$/, '');
}

/** A sandbox tenant on this machine: plain http to a loopback host (it holds no real data, and tests reach only 127.0.0.1). */
export function isLoopbackHttpUrl(raw: string): boolean {
  const parsed = URL.canParse(raw) ? new URL(raw) : undefined;
  return (
    parsed !== undefined && parsed.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
  );
}

export function loopbackHttpUrl(raw: string | undefined, name: string): string | null {
  if (raw === undefined) return null;
  if (isLoopbackHttpUrl(raw)) return new URL(raw).origin;
  throw new ConfigError(
    name,
    `${name} must be a sandbox tenant on this machine, such as http://127.0.0.1:7071 (got "${raw}").`,
  );
}

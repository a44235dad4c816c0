import { isIPv4, isIPv6 } from 'node:net';
import { InboundSecurityError, readAppId, type InboundSecuritySettings } from './inbound-security-settings.ts';

/**
 * Without an app id botbuilder accepts every request unauthenticated, so that is allowed only for the sandbox
 * and only where nothing but this machine can reach the bot. Throws an `InboundSecurityError` saying why not.
 */
export function assertAnonymousAllowed(
  settings: Pick<InboundSecuritySettings, 'appId' | 'sandbox' | 'listenHost'>,
): void {
  if (readAppId(settings) !== null) return;
  if (!settings.sandbox) {
    throw new InboundSecurityError(
      'ANONYMOUS_NOT_ALLOWED',
      'sandbox',
      'The bot has no app id and would accept unauthenticated requests, which is allowed only in sandbox mode: set the bot app id and its credential, or turn sandbox mode on.',
    );
  }
  if (!isLoopbackHost(settings.listenHost)) {
    const shown = settings.listenHost.trim() === '' ? 'every address' : settings.listenHost.trim();
    throw new InboundSecurityError(
      'ANONYMOUS_NOT_ALLOWED',
      'listenHost',
      `The bot has no app id and would accept unauthenticated requests on ${shown}, which is allowed only on a loopback address such as 127.0.0.1.`,
    );
  }
}

/** True for `localhost`, 127.0.0.0/8 and ::1 (bracketed or not, IPv4-mapped too). */
export function isLoopbackHost(host: string): boolean {
  const bare = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (bare === 'localhost') return true;
  if (isIPv4(bare)) return bare.startsWith('127.');
  if (!isIPv6(bare)) return false;
  // The URL parser writes IPv6 canonically: ::1, and IPv4-mapped 127.x.y.z as ::ffff:7fxx:yyzz.
  const canonical = new URL(`http://[${bare}]/`).hostname;
  return canonical === '[::1]' || canonical.startsWith('[::ffff:7f');
}

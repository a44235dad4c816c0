/**
 * Where an upload may be fetched from. Teams' `downloadUrl` is a pre-authenticated link to the tenant's
 * SharePoint: the bot opens it only on hosts named exactly in the settings (a suffix such as
 * `sharepoint.com` would also match `contoso.sharepoint.com.attacker.test`), and only over https outside the
 * sandbox's own loopback host.
 */
import type { DownloadFailureCode } from './download-result.ts';

export interface DownloadPolicy {
  /** Host names (or `host:port`), compared exactly and case-insensitively. */
  allowedHosts: readonly string[];
  /** true in production; when false, plain http is still allowed only for a loopback host. */
  requireHttps: boolean;
}

export type UrlVerdict = { ok: true; url: URL } | { ok: false; code: DownloadFailureCode; message: string };

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

function isAllowedHost(url: URL, allowedHosts: readonly string[]): boolean {
  const hostname = url.hostname.toLowerCase();
  const host = url.host.toLowerCase();
  return allowedHosts.some((entry) => {
    const allowed = entry.trim().toLowerCase();
    return allowed !== '' && (allowed === hostname || allowed === host);
  });
}

/** Checks a link before any request is made. Messages never quote the link: it carries a token. */
export function checkDownloadUrl(link: string, policy: DownloadPolicy): UrlVerdict {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return {
      ok: false,
      code: 'INVALID_URL',
      message: 'The file link is not a valid web address, so I did not open it.',
    };
  }
  // Credentials in the link would reach the host as an Authorization header, which uploads never send.
  if (url.username !== '' || url.password !== '') {
    return { ok: false, code: 'INVALID_URL', message: 'The file link carries a user name, so I did not open it.' };
  }
  const plainHttpAllowed = url.protocol === 'http:' && !policy.requireHttps && isLoopback(url.hostname);
  if (url.protocol !== 'https:' && !plainHttpAllowed) {
    return { ok: false, code: 'NOT_HTTPS', message: 'The file link does not use https, so I did not open it.' };
  }
  if (!isAllowedHost(url, policy.allowedHosts)) {
    return {
      ok: false,
      code: 'HOST_NOT_ALLOWED',
      message: `The file link points to ${url.hostname}, which is not an allowed download host, so I did not open it.`,
    };
  }
  return { ok: true, url };
}

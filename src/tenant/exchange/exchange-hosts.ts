/**
 * The hosts Exchange Online answers InvokeCommand on, for deciding whether an `@odata.nextLink` may be followed.
 *
 * A next-page link is followed with our bearer token attached, so it must not lead anywhere but Exchange Online.
 * It may lead to another Exchange host than the one we called (Exchange routes a tenant to a regional front end:
 * GreyCorbel/ExoHelper, Commands/Public/New-ExoConnection.ps1, connects IPPS to
 * `https://eur02b.ps.compliance.protection.outlook.com/adminapi/beta/<tenant>/InvokeCommand`; its
 * Commands/Public/Invoke-ExoCommand.ps1 follows `@odata.nextLink` as given, without any host check — we differ on
 * purpose). The clouds' hosts are the ones Connect-ExchangeOnline documents for -ConnectionUri
 * (MicrosoftDocs/office-docs-powershell, exchange/exchange-ps/ExchangePowerShell/Connect-ExchangeOnline.md,
 * https://learn.microsoft.com/powershell/module/exchange/connect-exchangeonline#-connectionuri):
 * outlook.office365.com (Microsoft 365 and GCC), outlook.office.de (Office 365 Germany), partner.outlook.cn
 * (21Vianet), outlook.office365.us (GCC High), webmail.apps.mil (DoD).
 */
export const EXCHANGE_ONLINE_HOST_SUFFIXES: readonly string[] = [
  'outlook.office365.com',
  'outlook.office.com',
  // Regional front ends such as eur02b.ps.compliance.protection.outlook.com (ExoHelper, above).
  'outlook.com',
  'outlook.office.de',
  'partner.outlook.cn',
  'outlook.office365.us',
  'webmail.apps.mil',
];

/**
 * True when `link` may be followed: https on an Exchange Online host (the host itself or a sub-domain of it, never
 * a look-alike such as `outlook.com.example.net`), or the very origin we were configured to call (the sandbox's
 * loopback address, a test server).
 */
export function isExchangeOnlineLink(link: URL, configuredOrigin: string): boolean {
  if (link.origin === configuredOrigin) return true;
  if (link.protocol !== 'https:' || link.username !== '' || link.password !== '') return false;
  const host = link.hostname.toLowerCase();
  return EXCHANGE_ONLINE_HOST_SUFFIXES.some((suffix) => host === suffix || host.endsWith(`.${suffix}`));
}

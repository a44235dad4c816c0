/**
 * The OPATH subset the sandbox understands for Get-Recipient -Filter: `EmailAddresses -eq '<address>'` and
 * `PrimarySmtpAddress -eq '<address>'` terms, each optionally in parentheses, joined by `-or`; `''` inside a
 * value is one quote (https://learn.microsoft.com/powershell/exchange/recipient-filters, "Additional OPATH
 * syntax information"). Anything else is refused, so a gateway that drifts from this subset fails a test
 * instead of silently matching nothing.
 */
import { CmdletError } from './exchange-errors.ts';

/** The addresses a filter asks for, lower-case, without an `smtp:` prefix. */
export function parseAddressFilter(filter: string): string[] {
  const text = filter.trim().replace(/^\{(.*)\}$/s, '$1');
  const term = /\s*\(?\s*(EmailAddresses|PrimarySmtpAddress)\s+-eq\s+'((?:[^']|'')*)'\s*\)?\s*/iy;
  const separator = /-or\b/iy;
  const addresses: string[] = [];
  let position = 0;
  for (;;) {
    term.lastIndex = position;
    const match = term.exec(text);
    if (!match) throw invalidFilter(filter);
    addresses.push(stripSmtp((match[2] ?? '').replace(/''/g, "'")).toLowerCase());
    position = term.lastIndex;
    if (position === text.length) return addresses;
    separator.lastIndex = position;
    if (!separator.test(text)) throw invalidFilter(filter);
    position = separator.lastIndex;
  }
}

/**
 * A complete address matches whether the recipient holds it as `SMTP:` or `smtp:` ("When you use a complete
 * email address, you don't need to account for the smtp: prefix"), and a PrimarySmtpAddress filter "also
 * searches values in the EmailAddresses property" (https://learn.microsoft.com/powershell/exchange/filter-properties,
 * sections EmailAddresses and PrimarySmtpAddress). Case-insensitive: proxyAddresses is a case-ignore string
 * (MS-ADA3 2.169, syntax 2.5.5.12).
 */
export function holdsAnyAddress(emailAddresses: readonly string[], wanted: ReadonlySet<string>): boolean {
  return emailAddresses.some((entry) => /^smtp:/i.test(entry) && wanted.has(stripSmtp(entry).toLowerCase()));
}

function stripSmtp(address: string): string {
  return /^smtp:/i.test(address) ? address.slice(5) : address;
}

// The exception type and wording follow PowerShell's parameter-binding failures; the exact text of Exchange's
// OPATH parser error is not documented publicly (paraphrase).
function invalidFilter(filter: string): CmdletError {
  return new CmdletError(
    'System.Management.Automation.ParameterBindingException',
    `Cannot bind parameter 'Filter' to the target. Exception setting "Filter": "Invalid filter syntax: ${filter}" ` +
      '(the sandbox understands only EmailAddresses/PrimarySmtpAddress -eq terms joined by -or).',
  );
}

/**
 * Recognisers for cell values. Each returns the normalised value, or null when the value is not of that
 * kind; the wording of the resulting issue lives with the row checks.
 */

const GUID_PATTERN = /^(\{)?([0-9a-f]{8})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{4})-?([0-9a-f]{12})(\})?$/i;

const CANONICAL_GUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** `{3F2504E0-4F89-11D3-9A0C-0305E82C3301}` → `3f2504e0-4f89-11d3-9a0c-0305e82c3301`. */
export function normaliseGuid(value: string): string | null {
  // Most files already hold canonical GUIDs: keep the string instead of rebuilding it from five pieces.
  if (value.length === 36 && CANONICAL_GUID_PATTERN.test(value)) return value;
  const match = GUID_PATTERN.exec(value);
  if (match === null || (match[1] === undefined) !== (match[7] === undefined)) return null;
  const hyphens = value.split('-').length - 1;
  if (hyphens !== 0 && hyphens !== 4) return null;
  return `${match[2]}-${match[3]}-${match[4]}-${match[5]}-${match[6]}`.toLowerCase();
}

// Characters no address we accept may contain; quoted local parts are legal but never seen in a tenant.
const EMAIL_PATTERN = /^[^\s@"(),:;<>[\]\\]+@[^\s@"(),:;<>[\]\\.]+(?:\.[^\s@"(),:;<>[\]\\.]+)+$/;

/** A pragmatic check: local@domain.tld, one @, no spaces, at most 254 characters. */
export function isEmailAddress(value: string): boolean {
  if (value.length > 254 || !EMAIL_PATTERN.test(value)) return false;
  const local = value.slice(0, value.indexOf('@'));
  return local.length <= 64 && !local.startsWith('.') && !local.endsWith('.') && !local.includes('..');
}

// CN=…,OU=…,DC=… with RFC 4514 escapes (`CN=Doe\, Jane`), as Get-Mailbox prints DistinguishedName.
const DISTINGUISHED_NAME_PATTERN = /^CN=(?:[^,\\]|\\.)+(?:,(?:CN|OU|DC|O)=(?:[^,\\]|\\.)+)+$/i;

export function isDistinguishedName(value: string): boolean {
  return DISTINGUISHED_NAME_PATTERN.test(value);
}

/**
 * An inactive mailbox is named by ExchangeGuid (normalised) or DistinguishedName; an email address is
 * kept as written because the tenant pre-flight warns about it (an address can match several mailboxes).
 */
export function normaliseSource(value: string): string | null {
  const guid = normaliseGuid(value);
  if (guid !== null) return guid;
  return isDistinguishedName(value) || isEmailAddress(value) ? value : null;
}

/** A restore target: a mailbox GUID (normalised) or a UPN. */
export function normaliseMailbox(value: string): string | null {
  return normaliseGuid(value) ?? (isEmailAddress(value) ? value : null);
}

const BOOLEAN_WORDS: ReadonlyMap<string, 'true' | 'false'> = new Map([
  ['true', 'true'],
  ['yes', 'true'],
  ['1', 'true'],
  ['false', 'false'],
  ['no', 'false'],
  ['0', 'false'],
]);

export function normaliseBoolean(value: string): 'true' | 'false' | null {
  return BOOLEAN_WORDS.get(value.toLowerCase()) ?? null;
}

/** Matches a choice case-insensitively and returns it in its canonical spelling. */
export function normaliseChoice(value: string, choices: readonly string[]): string | null {
  const lower = value.toLowerCase();
  return choices.find((choice) => choice.toLowerCase() === lower) ?? null;
}

/** ISO 3166-1 alpha-2 shape (Graph's usageLocation); whether Microsoft sells there is the tenant's call. */
export function normaliseCountryCode(value: string): string | null {
  return /^[a-z]{2}$/i.test(value) ? value.toUpperCase() : null;
}

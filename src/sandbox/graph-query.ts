/** The parts of OData queries the sandbox's Graph understands: `$select`, `$top`, and a few `$filter`s. */
import type { FixtureUser } from './fixture-types.ts';

/** What Graph returns for a user when the caller sends no `$select`. */
export const DEFAULT_USER_PROPERTIES = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
] as const;

export function selectUserProperties(user: FixtureUser, select: string | null): Record<string, unknown> {
  const names = select
    ? select
        .split(',')
        .map((name) => name.trim())
        .filter(Boolean)
    : DEFAULT_USER_PROPERTIES;
  const byLowerName = new Map(Object.keys(user).map((key) => [key.toLowerCase(), key]));
  return Object.fromEntries(
    names.map((name) => {
      const key = byLowerName.get(name.toLowerCase()) ?? name;
      const fallback = key === 'businessPhones' ? [] : null;
      return [key, user[key] ?? fallback];
    }),
  );
}

type UserPredicate = (user: FixtureUser) => boolean;

/** `'it''s'` → `it's` */
function unquote(literal: string): string {
  return literal.slice(1, -1).replaceAll("''", "'");
}

const CLAUSES: { pattern: RegExp; build: (match: RegExpExecArray) => UserPredicate }[] = [
  {
    pattern: /^proxyAddresses\/any\((\w+):\s*\1\s+eq\s+('(?:[^']|'')*')\)$/i,
    build: (match) => {
      const wanted = unquote(match[2] ?? "''").toLowerCase();
      return (user) => user.proxyAddresses.some((address) => address.toLowerCase() === wanted);
    },
  },
  {
    pattern: /^(userPrincipalName|mail|id|displayName)\s+eq\s+('(?:[^']|'')*')$/i,
    build: (match) => {
      const property = (match[1] ?? '').toLowerCase();
      const wanted = unquote(match[2] ?? "''").toLowerCase();
      return (user) => {
        const key = Object.keys(user).find((name) => name.toLowerCase() === property) ?? property;
        return String(user[key] ?? '').toLowerCase() === wanted;
      };
    },
  },
  {
    pattern: /^onPremisesSyncEnabled\s+eq\s+(true|false|null)$/i,
    build: (match) => {
      const wanted = match[1]?.toLowerCase() === 'null' ? null : match[1]?.toLowerCase() === 'true';
      return (user) => user.onPremisesSyncEnabled === wanted;
    },
  },
];

/** A predicate for a `$filter` made of supported clauses joined by `or`; undefined when unsupported. */
export function parseUserFilter(filter: string): UserPredicate | undefined {
  const predicates: UserPredicate[] = [];
  for (const clause of filter.split(/\s+or\s+(?=(?:[^']*'[^']*')*[^']*$)/i)) {
    const trimmed = clause.trim().replace(/^\((.*)\)$/, '$1');
    const rule = CLAUSES.map(({ pattern, build }) => {
      const match = pattern.exec(trimmed);
      return match ? build(match) : undefined;
    }).find(Boolean);
    if (!rule) return undefined;
    predicates.push(rule);
  }
  return (user) => predicates.some((predicate) => predicate(user));
}

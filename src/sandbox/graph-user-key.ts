/**
 * How Graph reads the user key in `/users/{key}…` paths. Learn "Get user" (graph/api/user-get), HTTP request
 * section, tip on a userPrincipalName that begins with `$`: `/users/$x@y.com` fails with 400 Bad Request (OData
 * keeps a leading `$` for system query options); `/users('$x@y.com')` is the form that works. The sandbox
 * accepts the parenthesised form for any key, as an OData key lookup, and refuses a `$` key as a segment.
 */

export type UserKeyPath = { ok: true; path: string } | { ok: false; message: string };

const PARENTHESISED_KEY = /^\/users\(([^/]*)\)(\/.*)?$/i;
const KEY_SEGMENT = /^\/users\/([^/]+)/i;
const QUOTED_LITERAL = /^'((?:[^']|'')*)'$/;

export function decodeOrKeep(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // a malformed escape is looked up as it was sent, and so is simply not found
  }
}

/** `/users('a''b@x')/rest` → `/users/a'b%40x/rest`; `/users/$x@y` → refused; anything else unchanged. */
export function normaliseUserKeyPath(path: string): UserKeyPath {
  const parenthesised = PARENTHESISED_KEY.exec(path);
  if (parenthesised) {
    const literal = QUOTED_LITERAL.exec(decodeOrKeep(parenthesised[1] ?? ''));
    // An OData string key is quoted, with a quote inside it doubled.
    if (!literal) return { ok: false, message: `The key in '${path}' must be a string in single quotes.` };
    const key = (literal[1] ?? '').replaceAll("''", "'");
    return { ok: true, path: `/users/${encodeURIComponent(key)}${parenthesised[2] ?? ''}` };
  }
  const segment = KEY_SEGMENT.exec(path);
  if (segment && decodeOrKeep(segment[1] ?? '').startsWith('$')) {
    // No public source gives Graph's exact error text here: the code and wording are our assumption.
    return {
      ok: false,
      message: `The request URI is not valid: '${decodeOrKeep(segment[1] ?? '')}' begins with '$', which is reserved for system query options. Use /users('<key>').`,
    };
  }
  return { ok: true, path };
}

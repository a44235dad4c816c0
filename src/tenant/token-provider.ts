/** The two resources the app calls with app-only tokens. */
export type TenantResource = 'graph' | 'exchange';

/** Hands out a bearer token for a resource. Implementations cache; callers ask before every request. */
export interface TokenProvider {
  getToken(resource: TenantResource): Promise<string>;
}

/** A provider that always answers with the same token: the sandbox tenant accepts any bearer token. */
export function createStaticTokenProvider(token: string): TokenProvider {
  return { getToken: () => Promise.resolve(token) };
}

/** Test helpers: a small generated tenant, and raw HTTP calls to it with fetch (no client library). */
import { generateTenantFixture, type FixtureMailbox, type TenantFixture } from '../../src/sandbox/fixture.ts';
import { startSandboxTenant, type SandboxOptions, type SandboxTenant } from '../../src/sandbox/sandbox-server.ts';

export const REFERENCE_MS = Date.parse('2025-06-01T00:00:00Z');

export interface TestClock {
  now: () => number;
  advance(ms: number): void;
}

export function createTestClock(start = REFERENCE_MS): TestClock {
  let current = start;
  return { now: () => current, advance: (ms) => void (current += ms) };
}

export function createSmallFixture(): TenantFixture {
  return generateTenantFixture({ seed: 7, inactiveMailboxes: 40, activeUsers: 20 });
}

export async function startTestTenant(options: Partial<SandboxOptions> = {}): Promise<SandboxTenant> {
  return startSandboxTenant({ fixture: createSmallFixture(), ...options });
}

/** Wire JSON as tests read it: assertions check its shape, so a static type would only repeat them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type WireJson = any;

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is empty or not JSON. */
  body: WireJson;
}

async function toRawResponse(response: Response): Promise<RawResponse> {
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined; // a non-JSON body is part of what some tests check; they read `text`
  }
  return { status: response.status, headers: response.headers, text, body };
}

export interface InvokeOptions {
  token?: string | null;
  select?: string;
  maxPageSize?: number;
  url?: string;
  tenantSegment?: string;
}

export async function invokeCmdlet(
  tenant: SandboxTenant,
  cmdletName: string,
  parameters: Record<string, unknown> = {},
  options: InvokeOptions = {},
): Promise<RawResponse> {
  const query = options.select ? `?$select=${options.select}` : '';
  const url =
    options.url ??
    `${tenant.exchangeBaseUrl}/adminapi/beta/${options.tenantSegment ?? tenant.tenantId}/InvokeCommand${query}`;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? 'test-token'}`;
  if (options.maxPageSize) headers.Prefer = `odata.maxpagesize=${options.maxPageSize}`;
  const response = await fetch(url, {
    method: 'POST',
    headers,
    body: JSON.stringify({ CmdletInput: { CmdletName: cmdletName, Parameters: parameters } }),
  });
  return toRawResponse(response);
}

export async function callGraph(
  tenant: SandboxTenant,
  method: string,
  path: string,
  body?: unknown,
  options: { token?: string | null; headers?: Record<string, string> } = {},
): Promise<RawResponse> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== null) headers.Authorization = `Bearer ${options.token ?? 'test-token'}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(`${tenant.graphBaseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return toRawResponse(response);
}

export async function readSandbox(tenant: SandboxTenant, path: 'ledger' | 'stats'): Promise<WireJson> {
  return (await fetch(`${tenant.url}/_sandbox/${path}`)).json();
}

/** The parts of an Exchange error's `details[0].message`: id, exception type, text. */
export function splitCmdletError(response: RawResponse): { id: string; type: string; text: string } {
  const [id = '', type = '', ...text] = String(response.body?.error?.details?.[0]?.message ?? '').split('|');
  return { id, type, text: text.join('|') };
}

export function findInactive(fixture: TenantFixture, test: (mailbox: FixtureMailbox) => boolean): FixtureMailbox {
  const mailbox = fixture.mailboxes.find((m) => m.IsInactiveMailbox && test(m));
  if (!mailbox) throw new Error('The fixture has no such inactive mailbox.');
  return mailbox;
}

/** An inactive mailbox that New-Mailbox can recover: no soft-deleted user, no AuxPrimary shard. */
export function isRecoverable(mailbox: FixtureMailbox): boolean {
  return !mailbox.ExternalDirectoryObjectId && !mailbox.MailboxLocations.some((l) => l.includes(';AuxPrimary;'));
}

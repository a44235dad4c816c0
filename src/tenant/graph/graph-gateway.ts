import { TENANT_ERROR_CODES, TenantError } from '../../operations/tenant-ports.ts';
import type { DirectoryUser, GraphGateway } from '../../operations/tenant-ports.ts';
import { createConcurrencyLimit } from '../concurrency-limit.ts';
import { sleep as sleepFor } from '../retry-after.ts';
import type { TokenProvider } from '../token-provider.ts';
import { MAX_BATCH_SIZE, sendGetBatch } from './graph-batch.ts';
import { classifyGraphFailure } from './graph-errors.ts';
import type { GraphCallContext } from './graph-errors.ts';
import { createGraphHttp } from './graph-http.ts';
import type { GraphResponse } from './graph-http.ts';
import {
  USER_PROPERTIES,
  isObject,
  mapDomain,
  mapSku,
  mapTemporaryAccessPass,
  mapTemporaryAccessPassMethod,
  mapTemporaryAccessPassPolicy,
  mapUser,
  readCollection,
  userPath,
} from './graph-mappers.ts';

export interface GraphGatewayOptions {
  /** e.g. `https://graph.microsoft.com/v1.0` */
  baseUrl: string;
  tokens: TokenProvider;
  fetch?: typeof fetch;
  /** Counts remote calls (tests, benchmarks). */
  onCall?: () => void;
  /** Retries of a throttled request, and of throttled requests inside a `$batch`. @default 3 */
  maxRetries?: number;
  /** `$batch` requests in flight at once for one look-up. @default 4 */
  maxConcurrentBatches?: number;
  /** Injected by tests to observe waits without waiting. */
  sleep?: (ms: number) => Promise<void>;
}

type Context = Omit<GraphCallContext, 'nowMs'>;

const USER_SELECT = `$select=${USER_PROPERTIES.join(',')}`;
const READ_USERS = 'User.Read.All';

/** The GraphGateway port over Microsoft Graph v1.0 (app-only). */
export function createGraphGateway(options: GraphGatewayOptions): GraphGateway {
  const http = createGraphHttp(options);
  const maxRetries = options.maxRetries ?? 3;
  const sleep = options.sleep ?? sleepFor;
  const batchLimit = createConcurrencyLimit(options.maxConcurrentBatches ?? 4);

  /** Runs one GET per key, 20 to a `$batch`, and maps each answer. */
  async function lookUp<T>(
    keys: readonly string[],
    toUrl: (key: string) => string,
    read: (answer: GraphResponse, context: Context) => T,
    context: Context,
  ): Promise<Map<string, T>> {
    const unique = [...new Set(keys)];
    const chunks: string[][] = [];
    for (let start = 0; start < unique.length; start += MAX_BATCH_SIZE)
      chunks.push(unique.slice(start, start + MAX_BATCH_SIZE));
    const results = new Map<string, T>();
    const batchOptions = { http, context, maxRetries, maxRetryDelayMs: 30_000, sleep };
    await Promise.all(
      chunks.map((chunk) =>
        batchLimit.run(async () => {
          const steps = chunk.map((key, index) => ({ id: String(index + 1), url: toUrl(key) }));
          const answers = await sendGetBatch(steps, batchOptions);
          chunk.forEach((key, index) => {
            const answer = answers.get(String(index + 1));
            if (answer) results.set(key, read(answer, context));
          });
        }),
      ),
    );
    return results;
  }

  async function listAll(path: string, context: Context): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = [];
    let next: string | undefined = path;
    while (next !== undefined) {
      const response = await http.call('GET', next, undefined, context);
      items.push(...readCollection(response.body));
      const link = isObject(response.body) ? response.body['@odata.nextLink'] : undefined;
      if (typeof link !== 'string') break;
      next = http.pathOf(link);
      if (next === undefined)
        throw createBadResponseError(
          `Microsoft Graph returned a next-page link outside the Graph base URL while ${context.what}.`,
        );
    }
    return items;
  }

  return {
    getUsersByUpn(upns) {
      const context = { what: 'looking up users by UPN', permission: READ_USERS };
      return lookUp(upns, (upn) => `${userPath(upn)}?${USER_SELECT}`, readOptionalUser, context);
    },

    getUsersByProxyAddress(addresses) {
      const context = { what: 'looking up users by email address', permission: READ_USERS };
      const toUrl = (address: string) => {
        const bare = address.replace(/^smtp:/i, '').replace(/'/g, "''");
        const filter = encodeURIComponent(`proxyAddresses/any(x:x eq 'smtp:${bare}')`);
        return `/users?$filter=${filter}&${USER_SELECT}`;
      };
      return lookUp(
        addresses,
        toUrl,
        (answer, ctx) => readCollection(expectOk(answer, ctx).body).map(mapUser),
        context,
      );
    },

    async listDomains() {
      const items = await listAll('/domains', { what: 'listing domains', permission: 'Domain.Read.All' });
      return items.map(mapDomain);
    },

    async listSubscribedSkus() {
      const items = await listAll('/subscribedSkus', { what: 'listing licences', permission: 'Organization.Read.All' });
      return items.map(mapSku);
    },

    async getUser(idOrUpn) {
      const context = { what: 'reading a user', permission: READ_USERS };
      return readOptionalUser(await http.send('GET', `${userPath(idOrUpn)}?${USER_SELECT}`), context);
    },

    async setUsageLocation(userId, usageLocation) {
      const context = { what: 'setting a usage location', permission: 'User.ReadWrite.All' };
      await http.call('PATCH', userPath(userId), { usageLocation }, context);
    },

    async assignLicense(userId, skuId) {
      const context = { what: 'assigning a licence', permission: 'LicenseAssignment.ReadWrite.All' };
      const body = { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] };
      await http.call('POST', `${userPath(userId)}/assignLicense`, body, context);
    },

    async createTemporaryAccessPass(userId, passOptions) {
      const context = {
        what: 'creating a Temporary Access Pass',
        permission: 'UserAuthenticationMethod.ReadWrite.All',
      };
      const path = `${userPath(userId)}/authentication/temporaryAccessPassMethods`;
      const body = { lifetimeInMinutes: passOptions.lifetimeInMinutes, isUsableOnce: passOptions.isUsableOnce };
      const response = await http.call('POST', path, body, context);
      const pass = isObject(response.body) ? mapTemporaryAccessPass(response.body) : undefined;
      if (!pass?.temporaryAccessPass)
        throw createBadResponseError('Microsoft Graph created a Temporary Access Pass but did not return it.');
      return pass;
    },

    async listTemporaryAccessPasses(userId) {
      // Learn "List temporaryAccessPassMethods" (v1.0): one object at most, no paging. Read.All would do, but the
      // app already needs ReadWrite.All (which that page also accepts) to create the pass: name the one it has.
      const context = {
        what: 'listing Temporary Access Passes',
        permission: 'UserAuthenticationMethod.ReadWrite.All',
      };
      const path = `${userPath(userId)}/authentication/temporaryAccessPassMethods`;
      const response = await http.call('GET', path, undefined, context);
      return readCollection(response.body).map(mapTemporaryAccessPassMethod);
    },

    async deleteTemporaryAccessPass(userId, methodId) {
      // Learn "Delete temporaryAccessPassAuthenticationMethod" (v1.0): 204 No Content. A pass already gone
      // (404) is what the caller wanted, so it is not an error.
      const context = {
        what: 'deleting a Temporary Access Pass',
        permission: 'UserAuthenticationMethod.ReadWrite.All',
      };
      const path = `${userPath(userId)}/authentication/temporaryAccessPassMethods/${encodeURIComponent(methodId)}`;
      const response = await http.send('DELETE', path);
      if (response.status === 404) return;
      expectOk(response, context);
    },

    async isMemberOfGroup(userId, groupId) {
      const context = { what: 'checking group membership', permission: 'GroupMember.Read.All' };
      const path = `${userPath(userId)}/checkMemberGroups`;
      const response = await http.send('POST', path, { groupIds: [groupId] });
      // An unknown user is simply not a member: approval is denied, not failed.
      if (response.status === 404) return false;
      const body = expectOk(response, context).body;
      const value = isObject(body) ? body['value'] : undefined;
      const wanted = groupId.toLowerCase();
      return Array.isArray(value) && value.some((id) => typeof id === 'string' && id.toLowerCase() === wanted);
    },

    async getTemporaryAccessPassPolicy() {
      // Learn "Get temporaryAccessPassAuthenticationMethodConfiguration" (v1.0), Permissions and HTTP request:
      // least privileged application permission Policy.Read.AuthenticationMethod.
      const context = {
        what: 'reading the Temporary Access Pass policy',
        permission: 'Policy.Read.AuthenticationMethod',
      };
      const path = '/policies/authenticationMethodsPolicy/authenticationMethodConfigurations/temporaryAccessPass';
      const response = await http.call('GET', path, undefined, context);
      if (!isObject(response.body))
        throw createBadResponseError(
          'Microsoft Graph answered with something other than the Temporary Access Pass policy.',
        );
      return mapTemporaryAccessPassPolicy(response.body);
    },
  };
}

function readOptionalUser(answer: GraphResponse, context: Context): DirectoryUser | null {
  if (answer.status === 404) return null;
  const body = expectOk(answer, context).body;
  if (!isObject(body))
    throw createBadResponseError(`Microsoft Graph answered with something other than a user while ${context.what}.`);
  return mapUser(body);
}

function expectOk(answer: GraphResponse, context: Context): GraphResponse {
  if (answer.status >= 200 && answer.status < 300) return answer;
  throw classifyGraphFailure(answer, { ...context, nowMs: Date.now() });
}

function createBadResponseError(message: string): TenantError {
  return new TenantError({ code: TENANT_ERROR_CODES.badResponse, errorClass: 'permanent', message });
}

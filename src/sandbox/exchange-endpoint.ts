/**
 * `POST /adminapi/beta/{tenantId}/InvokeCommand[?$select=…][&$skiptoken=…]`: runs one cmdlet against the
 * tenant state and answers with Exchange's envelope, paging by `Prefer: odata.maxpagesize`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { CmdletDefinition, ExchangeObject } from './cmdlets/cmdlet-types.ts';
import { CmdletParameters } from './cmdlets/cmdlet-types.ts';
import { CmdletError, exchangeErrors } from './cmdlets/exchange-errors.ts';
import { findCmdlet } from './cmdlets/index.ts';
import { EXCHANGE_JSON, replyWithBadRequest, replyWithCmdletError } from './exchange-replies.ts';
import { parseJsonBody, readHeader, type HttpReply } from './http-io.ts';
import type { SandboxContext } from './sandbox-context.ts';
import { DEFAULT_SCRIPTED_MESSAGE, type ExchangeScriptedFailure } from './scripted-failures.ts';

export interface InvokeCommandRequest {
  tenantSegment: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  bodyText: string;
  origin: string;
}

interface CmdletInput {
  name: string;
  parameters: Record<string, unknown>;
}

const DEFAULT_PAGE_SIZE = 1000;

/** The tenant by its GUID or by any of its verified domains, as Exchange accepts both in the path. */
export function isKnownTenant(ctx: SandboxContext, segment: string): boolean {
  let wanted: string;
  try {
    wanted = decodeURIComponent(segment).toLowerCase();
  } catch {
    return false; // a malformed escape names no tenant
  }
  return (
    ctx.state.tenantId.toLowerCase() === wanted ||
    ctx.state.domains.some((domain) => domain.isVerified && domain.id.toLowerCase() === wanted)
  );
}

export function readCmdletInput(bodyText: string): CmdletInput | string {
  const parsed = parseJsonBody(bodyText);
  if (!parsed.ok) return `The request body is not JSON: ${parsed.reason}`;
  const input = (parsed.value as { CmdletInput?: { CmdletName?: unknown; Parameters?: unknown } } | undefined)
    ?.CmdletInput;
  if (typeof input?.CmdletName !== 'string' || input.CmdletName === '') {
    return 'The request body must be {"CmdletInput":{"CmdletName":"…","Parameters":{…}}}.';
  }
  const parameters = input.Parameters ?? {};
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) {
    return 'CmdletInput.Parameters must be an object.';
  }
  return { name: input.CmdletName, parameters: parameters as Record<string, unknown> };
}

function readPageSize(headers: IncomingHttpHeaders): number {
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(readHeader(headers, 'prefer') ?? '');
  const size = match?.[1] ? Number(match[1]) : DEFAULT_PAGE_SIZE;
  return size > 0 ? size : DEFAULT_PAGE_SIZE;
}

function selectProperties(items: ExchangeObject[], select: string | null): ExchangeObject[] {
  if (!select) return items;
  const wanted = new Set(select.split(',').map((name) => name.trim().toLowerCase()));
  return items.map((item) => Object.fromEntries(Object.entries(item).filter(([key]) => wanted.has(key.toLowerCase()))));
}

function runCmdlet(
  ctx: SandboxContext,
  cmdlet: CmdletDefinition,
  input: CmdletInput,
  warnings: string[],
): ExchangeObject[] {
  let params: CmdletParameters | undefined;
  try {
    params = CmdletParameters.bind(cmdlet, input.parameters);
    const { state, restoreDurationMs, userProvisioningDelayMs } = ctx;
    const result = cmdlet.run(params, { state, restoreDurationMs, userProvisioningDelayMs, warnings });
    if (cmdlet.kind === 'write') recordWrite(ctx, cmdlet, input, params, undefined);
    return result;
  } catch (error) {
    if (cmdlet.kind === 'write' && error instanceof CmdletError) recordWrite(ctx, cmdlet, input, params, error);
    throw error;
  }
}

function recordWrite(
  ctx: SandboxContext,
  cmdlet: CmdletDefinition,
  input: CmdletInput,
  params: CmdletParameters | undefined,
  error: CmdletError | undefined,
  scripted = false,
): void {
  ctx.recorder.recordWrite({
    api: 'exchange',
    operation: cmdlet.name,
    target: params && cmdlet.describeTarget ? cmdlet.describeTarget(params) : '',
    parameters: params ? params.toRecord() : input.parameters,
    outcome: error ? 'error' : 'ok',
    ...(error ? { errorCode: error.shortType } : {}),
    ...(scripted ? { scripted: true as const } : {}),
  });
}

/** Refuses a call a scripted failure matched, before it runs: a write is in the ledger as a scripted error. */
function refuseScripted(
  ctx: SandboxContext,
  cmdlet: CmdletDefinition | undefined,
  input: CmdletInput,
  failure: ExchangeScriptedFailure,
): HttpReply {
  const error = exchangeErrors.scripted(failure.message ?? DEFAULT_SCRIPTED_MESSAGE);
  if (cmdlet?.kind === 'write') {
    let params: CmdletParameters | undefined;
    try {
      params = CmdletParameters.bind(cmdlet, input.parameters);
    } catch {
      params = undefined; // parameters that would not bind are recorded as they were sent
    }
    recordWrite(ctx, cmdlet, input, params, error, true);
  }
  return replyWithCmdletError(error);
}

function buildPage(
  ctx: SandboxContext,
  request: InvokeCommandRequest,
  cmdletName: string,
  items: ExchangeObject[],
  offset: number,
  warnings: string[],
): HttpReply {
  const pageSize = readPageSize(request.headers);
  const base = `${request.origin}/adminapi/beta/${request.tenantSegment}`;
  const body: Record<string, unknown> = {
    '@odata.context': `${base}/$metadata#Collection(Exchange.GenericHashTable)`,
    '@adminapi.warnings': warnings,
    value: items.slice(offset, offset + pageSize),
  };
  if (offset + pageSize < items.length) {
    const token = ctx.exchangePages.save(cmdletName, items, offset + pageSize);
    const select = request.query.get('$select');
    const selectPart = select ? `$select=${encodeURIComponent(select).replaceAll('%2C', ',')}&` : '';
    body['@odata.nextLink'] = `${base}/InvokeCommand?${selectPart}$skiptoken=${token}`;
  }
  return {
    status: 200,
    headers: { 'Content-Type': EXCHANGE_JSON, 'Preference-Applied': `odata.maxpagesize=${pageSize}` },
    json: body,
  };
}

/** Answers one InvokeCommand request; returns the cmdlet name too, for logs and counters. */
export function handleInvokeCommand(
  ctx: SandboxContext,
  request: InvokeCommandRequest,
): { reply: HttpReply; cmdletName?: string } {
  const input = readCmdletInput(request.bodyText);
  if (typeof input === 'string') return { reply: replyWithBadRequest(input) };
  const cmdlet = findCmdlet(input.name);
  ctx.recorder.countOperation('exchange', cmdlet?.name ?? input.name, cmdlet?.kind ?? 'read');
  const scripted = ctx.scriptedFailures.takeExchange(input.name, input.parameters);
  if (scripted) return { reply: refuseScripted(ctx, cmdlet, input, scripted), cmdletName: cmdlet?.name ?? input.name };
  const token = request.query.get('$skiptoken');
  if (token !== null) {
    const page = ctx.exchangePages.find(token);
    if (!page || page.cmdletName.toLowerCase() !== input.name.toLowerCase()) {
      return { reply: replyWithBadRequest(`The skip token is invalid or has expired.`), cmdletName: input.name };
    }
    return {
      reply: buildPage(ctx, request, page.cmdletName, page.items, page.offset, []),
      cmdletName: page.cmdletName,
    };
  }
  if (!cmdlet) {
    return { reply: replyWithCmdletError(exchangeErrors.cmdletNotFound(input.name)), cmdletName: input.name };
  }
  const warnings: string[] = [];
  try {
    const items = selectProperties(runCmdlet(ctx, cmdlet, input, warnings), request.query.get('$select'));
    return { reply: buildPage(ctx, request, cmdlet.name, items, 0, warnings), cmdletName: cmdlet.name };
  } catch (error) {
    if (error instanceof CmdletError) return { reply: replyWithCmdletError(error), cmdletName: cmdlet.name };
    throw error;
  }
}

/**
 * Scripted failures: a test arms "fail the next N calls like this one" so one chosen row fails for good at
 * execution time (pre-flight reads still pass), and a later retry of that row succeeds.
 */
import { redactSecrets } from './ledger.ts';

export interface ExchangeScriptedFailure {
  api: 'exchange';
  /** The cmdlet to fail, matched case-insensitively. */
  cmdlet: string;
  /** Fails only calls with a string parameter value containing this (case-insensitive). Absent: every call. */
  match?: string;
  /** How many matching calls fail before the failure disarms. @default 1 */
  times?: number;
  /** @default "The sandbox was told to fail this call." */
  message?: string;
}

export interface GraphScriptedFailure {
  api: 'graph';
  /** The HTTP method, matched case-insensitively. */
  method: string;
  /** Matched case-insensitively against the path after `/v1.0`, percent-decoded, without the query. */
  pathContains: string;
  /** @default 1 */
  times?: number;
  /** @default 400 */
  status?: number;
  /** @default "The sandbox was told to fail this call." */
  message?: string;
}

export type ScriptedFailure = ExchangeScriptedFailure | GraphScriptedFailure;

export const DEFAULT_SCRIPTED_MESSAGE = 'The sandbox was told to fail this call.';

/** A scripted failure that cannot be armed: `message` says which field is wrong, in one sentence. */
export class ScriptedFailureError extends Error {
  readonly code = 'SANDBOX_SCRIPTED_FAILURE_INVALID';

  constructor(message: string) {
    super(message);
    this.name = 'ScriptedFailureError';
  }
}

const EXCHANGE_FIELDS = new Set(['api', 'cmdlet', 'match', 'times', 'message']);
const GRAPH_FIELDS = new Set(['api', 'method', 'pathContains', 'times', 'status', 'message']);

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.trim() !== '';
}

function checkCommonFields(value: Record<string, unknown>, allowed: Set<string>): string | undefined {
  // An unknown field (a typo of `match`) would otherwise arm a failure for every call of the cmdlet.
  const unknown = Object.keys(value).find((key) => !allowed.has(key));
  if (unknown !== undefined) return `A ${String(value['api'])} scripted failure has no field '${unknown}'.`;
  const { times, message } = value;
  if (times !== undefined && !(Number.isInteger(times) && (times as number) > 0)) {
    return 'times must be a positive whole number.';
  }
  if (message !== undefined && !isNonEmptyString(message)) return 'message must be a non-empty string.';
  return undefined;
}

function checkExchangeFields(value: Record<string, unknown>): string | undefined {
  if (!isNonEmptyString(value['cmdlet'])) return 'cmdlet must name a cmdlet, e.g. "New-Mailbox".';
  if (value['match'] !== undefined && !isNonEmptyString(value['match'])) return 'match must be a non-empty string.';
  return undefined;
}

function checkGraphFields(value: Record<string, unknown>): string | undefined {
  if (!isNonEmptyString(value['method'])) return 'method must be an HTTP method, e.g. "PATCH".';
  if (!isNonEmptyString(value['pathContains'])) return 'pathContains must be a non-empty string, e.g. "/users/".';
  const status = value['status'];
  if (status !== undefined && !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)) {
    return 'status must be a whole number from 400 to 599.';
  }
  return undefined;
}

/** The failure `value` describes, or the sentence that says why it is not one. */
export function parseScriptedFailure(value: unknown): ScriptedFailure | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'A scripted failure must be a JSON object such as {"api":"exchange","cmdlet":"New-Mailbox","match":"…"}.';
  }
  const record = value as Record<string, unknown>;
  if (record['api'] !== 'exchange' && record['api'] !== 'graph') return 'api must be "exchange" or "graph".';
  const isExchange = record['api'] === 'exchange';
  const problem =
    checkCommonFields(record, isExchange ? EXCHANGE_FIELDS : GRAPH_FIELDS) ??
    (isExchange ? checkExchangeFields(record) : checkGraphFields(record));
  return problem ?? (structuredClone(record) as unknown as ScriptedFailure);
}

/** Every string in a cmdlet's parameters, nested ones included; secrets are left out so they never decide. */
function collectStrings(value: unknown, into: string[]): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) value.forEach((entry) => collectStrings(entry, into));
  else if (typeof value === 'object' && value !== null) Object.values(value).forEach((v) => collectStrings(v, into));
  return into;
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path; // a malformed escape is matched as it was sent
  }
}

/** The armed failures of one sandbox, first armed first matched; each match uses up one of its `times`. */
export class ScriptedFailures {
  private readonly failures: (ScriptedFailure & { times: number })[] = [];

  constructor(initial: readonly unknown[] = []) {
    initial.forEach((failure) => this.add(failure));
  }

  /** Arms one failure; throws a ScriptedFailureError when it is malformed. */
  add(failure: unknown): void {
    const parsed = parseScriptedFailure(failure);
    if (typeof parsed === 'string') throw new ScriptedFailureError(parsed);
    this.failures.push({ ...parsed, times: parsed.times ?? 1 });
  }

  armed(): ScriptedFailure[] {
    return structuredClone(this.failures);
  }

  /** The failure an InvokeCommand call for `cmdletName` must answer with, if one is armed for it. */
  takeExchange(cmdletName: string, parameters: Record<string, unknown>): ExchangeScriptedFailure | undefined {
    const values = collectStrings(redactSecrets(parameters), []).map((text) => text.toLowerCase());
    const matchesValues = (match: string | undefined) =>
      match === undefined || values.some((text) => text.includes(match.toLowerCase()));
    return this.take(
      (failure): failure is ExchangeScriptedFailure =>
        failure.api === 'exchange' &&
        failure.cmdlet.toLowerCase() === cmdletName.toLowerCase() &&
        matchesValues(failure.match),
    );
  }

  /** The failure a Graph request (direct or inside a `$batch`) must answer with, if one is armed for it. */
  takeGraph(method: string, path: string): GraphScriptedFailure | undefined {
    const decoded = decodePath(path).toLowerCase();
    return this.take(
      (failure): failure is GraphScriptedFailure =>
        failure.api === 'graph' &&
        failure.method.toUpperCase() === method.toUpperCase() &&
        decoded.includes(failure.pathContains.toLowerCase()),
    );
  }

  private take<T extends ScriptedFailure>(matches: (failure: ScriptedFailure) => failure is T): T | undefined {
    const index = this.failures.findIndex(matches);
    const failure = this.failures[index];
    if (failure === undefined || !matches(failure)) return undefined;
    failure.times -= 1;
    if (failure.times <= 0) this.failures.splice(index, 1);
    return structuredClone(failure);
  }
}

import { parseRetryAfter } from '../retry-after.ts';
import { classifyGraphFailure } from './graph-errors.ts';
import type { GraphCallContext } from './graph-errors.ts';
import type { GraphHttp, GraphResponse } from './graph-http.ts';
import { isObject } from './graph-mappers.ts';

/** Graph accepts at most 20 requests in one `$batch`. */
export const MAX_BATCH_SIZE = 20;

/** Inner statuses that say "not now" rather than "no". */
const RETRYABLE_INNER_STATUSES = new Set([429, 503, 504]);

export interface BatchGetOptions {
  http: GraphHttp;
  context: Omit<GraphCallContext, 'nowMs'>;
  maxRetries: number;
  maxRetryDelayMs: number;
  sleep: (ms: number) => Promise<void>;
}

/**
 * Sends up to 20 GETs (`url` relative to the version root) in one `$batch` and returns each answer by id.
 * Graph throttles each inner request on its own: throttled ones are sent again, alone, after the longest
 * Retry-After among them, at most `maxRetries` times; then the throttling becomes a transient TenantError.
 */
export async function sendGetBatch(
  steps: readonly { id: string; url: string }[],
  options: BatchGetOptions,
): Promise<Map<string, GraphResponse>> {
  if (steps.length > MAX_BATCH_SIZE) throw new RangeError(`A $batch holds at most ${MAX_BATCH_SIZE} requests.`);
  const answers = new Map<string, GraphResponse>();
  let pending = steps;
  for (let attempt = 0; pending.length > 0; attempt += 1) {
    const requests = pending.map((step) => ({ id: step.id, method: 'GET', url: step.url }));
    const response = await options.http.call('POST', '/$batch', { requests }, options.context);
    const inner = readInnerResponses(response.body);
    const retry: { id: string; url: string }[] = [];
    let throttled: GraphResponse | undefined;
    for (const step of pending) {
      const answer = inner.get(step.id);
      if (answer && !RETRYABLE_INNER_STATUSES.has(answer.status)) {
        answers.set(step.id, answer);
        continue;
      }
      retry.push(step);
      if (answer && (!throttled || (retryAfterOf(answer) ?? 0) > (retryAfterOf(throttled) ?? 0))) throttled = answer;
    }
    if (retry.length === 0) break;
    const delayMs = (throttled && retryAfterOf(throttled)) ?? 1000 * 2 ** attempt;
    if (attempt >= options.maxRetries || delayMs > options.maxRetryDelayMs) {
      throw classifyGraphFailure(throttled ?? { status: 503, headers: new Headers(), body: undefined }, {
        ...options.context,
        nowMs: Date.now(),
      });
    }
    await options.sleep(delayMs);
    pending = retry;
  }
  return answers;
}

function readInnerResponses(body: unknown): Map<string, GraphResponse> {
  const responses = isObject(body) && Array.isArray(body['responses']) ? body['responses'] : [];
  const byId = new Map<string, GraphResponse>();
  for (const entry of responses) {
    if (!isObject(entry) || typeof entry['status'] !== 'number') continue;
    byId.set(String(entry['id']), {
      status: entry['status'],
      headers: readHeaders(entry['headers']),
      body: entry['body'],
    });
  }
  return byId;
}

function readHeaders(value: unknown): Headers {
  const headers = new Headers();
  if (!isObject(value)) return headers;
  for (const [name, headerValue] of Object.entries(value)) {
    if (typeof headerValue === 'string' || typeof headerValue === 'number') headers.set(name, String(headerValue));
  }
  return headers;
}

function retryAfterOf(answer: GraphResponse): number | undefined {
  return parseRetryAfter(answer.headers.get('retry-after'), Date.now());
}

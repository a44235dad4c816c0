import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorError } from '../../../src/bot/progress/connector-error.ts';
import {
  DEFAULT_RETRY_OPTIONS,
  classifySendFailure,
  computeBackoffMs,
} from '../../../src/bot/progress/send-failure.ts';

describe('send failure rules', () => {
  const cases: [string, unknown, ReturnType<typeof classifySendFailure>][] = [
    [
      '429 with Retry-After',
      new ConnectorError({ status: 429, retryAfterMs: 7000 }),
      { kind: 'retry', retryAfterMs: 7000 },
    ],
    ['412', new ConnectorError({ status: 412 }), { kind: 'retry', retryAfterMs: undefined }],
    ['502', new ConnectorError({ status: 502 }), { kind: 'retry', retryAfterMs: undefined }],
    ['503', new ConnectorError({ status: 503 }), { kind: 'retry', retryAfterMs: undefined }],
    ['504', new ConnectorError({ status: 504 }), { kind: 'retry', retryAfterMs: undefined }],
    ['a network error', new Error('ECONNRESET'), { kind: 'retry', retryAfterMs: undefined }],
    ['400', new ConnectorError({ status: 400 }), { kind: 'reject' }],
    ['413', new ConnectorError({ status: 413 }), { kind: 'reject' }],
    ['500', new ConnectorError({ status: 500 }), { kind: 'reject' }],
    ['403', new ConnectorError({ status: 403, code: 'MessageWritesBlocked' }), { kind: 'stop', reason: 'bot-blocked' }],
    ['404', new ConnectorError({ status: 404 }), { kind: 'stop', reason: 'conversation-not-found' }],
  ];
  for (const [name, error, expected] of cases) {
    it(`treats ${name} as ${expected.kind}`, () => {
      assert.deepEqual(classifySendFailure(error), expected);
    });
  }

  it('doubles the backoff on each failure up to the cap, keeping jitter within half of it', () => {
    const options = { ...DEFAULT_RETRY_OPTIONS, baseDelayMs: 1000, maxDelayMs: 30_000 };
    const longest = [1, 2, 3, 4, 5, 6, 7].map((failures) => computeBackoffMs(failures, options, () => 1));
    const shortest = [1, 2, 3, 4, 5, 6, 7].map((failures) => computeBackoffMs(failures, options, () => 0));

    assert.deepEqual(longest, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
    assert.deepEqual(shortest, [500, 1000, 2000, 4000, 8000, 15_000, 15_000]);
  });
});

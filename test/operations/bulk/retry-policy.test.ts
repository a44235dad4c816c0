import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { computeRetryDelayMs } from '../../../src/operations/bulk/retry-policy.ts';

describe('computeRetryDelayMs', () => {
  const base = { baseDelayMs: 1000, maxDelayMs: 60_000 };

  const cases: { name: string; retry: number; random: number; retryAfterMs?: number; expected: number }[] = [
    {
      name: 'waits between half and all of the base delay on the first retry (low)',
      retry: 1,
      random: 0,
      expected: 500,
    },
    {
      name: 'waits between half and all of the base delay on the first retry (high)',
      retry: 1,
      random: 0.999,
      expected: 1000,
    },
    { name: 'doubles the window on each retry', retry: 3, random: 0.5, expected: 3000 },
    { name: 'stops doubling at retryMaxDelayMs', retry: 12, random: 0.5, expected: 45_000 },
    {
      name: 'waits at least what Retry-After asked for',
      retry: 1,
      random: 0.5,
      retryAfterMs: 30_000,
      expected: 30_000,
    },
    {
      name: 'keeps the backoff when it is longer than Retry-After',
      retry: 4,
      random: 0.5,
      retryAfterMs: 10,
      expected: 6000,
    },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const delay = computeRetryDelayMs({
        ...base,
        retry: testCase.retry,
        retryAfterMs: testCase.retryAfterMs,
        random: () => testCase.random,
      });
      assert.equal(delay, testCase.expected);
    });
  }

  it('grows from one retry to the next whatever the jitter draws', () => {
    for (let retry = 1; retry < 6; retry += 1) {
      const longestNow = computeRetryDelayMs({ ...base, retry, random: () => 0.999999 });
      const shortestNext = computeRetryDelayMs({ ...base, retry: retry + 1, random: () => 0 });
      assert.ok(shortestNext >= longestNow, `retry ${retry + 1} may wait less than retry ${retry}`);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRetryAfter } from '../../src/tenant/retry-after.ts';

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T12:00:00Z');
  const cases = [
    { header: '7', expected: 7000 },
    { header: ' 0 ', expected: 0 },
    { header: '1.5', expected: 1500 },
    { header: 'Wed, 01 Jan 2025 12:00:30 GMT', expected: 30_000 },
    { header: 'Wed, 01 Jan 2025 11:59:00 GMT', expected: 0 },
    { header: 'soon', expected: undefined },
    { header: '', expected: undefined },
    { header: null, expected: undefined },
  ];

  for (const { header, expected } of cases) {
    it(`reads ${JSON.stringify(header)} as ${String(expected)} ms`, () => {
      assert.equal(parseRetryAfter(header, now), expected);
    });
  }
});

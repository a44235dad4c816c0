import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnectorError, parseRetryAfter } from '../../../src/bot/progress/connector-error.ts';

describe('parseRetryAfter', () => {
  const now = new Date('2025-01-06T09:00:00.000Z');
  const cases: [string | null | undefined, number | undefined][] = [
    ['7', 7000],
    [' 1.5 ', 1500],
    ['0', 0],
    ['Mon, 06 Jan 2025 09:00:30 GMT', 30_000],
    ['Mon, 06 Jan 2025 08:59:00 GMT', 0],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ];
  for (const [header, expected] of cases) {
    it(`reads ${JSON.stringify(header)} as ${expected} ms`, () => {
      assert.equal(parseRetryAfter(header, now), expected);
    });
  }
});

describe('ConnectorError', () => {
  it('names the HTTP status in its code when the connector gave none', () => {
    const error = new ConnectorError({ status: 503 });
    assert.equal(error.code, 'HTTP_503');
    assert.equal(error.message, 'The Bot Connector answered HTTP 503.');
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  countNoun,
  escapeMarkdown,
  formatCount,
  formatDateTime,
  formatDuration,
  formatPercent,
  formatThroughput,
  formatTimeLeft,
  shortenText,
} from '../../src/cards/format.ts';

describe('card formatting', () => {
  it('writes counts with thousands separators and the right plural', () => {
    assert.equal(formatCount(1240), '1,240');
    assert.equal(formatCount(1_000_000), '1,000,000');
    assert.equal(countNoun(1, 'row'), '1 row');
    assert.equal(countNoun(5000, 'row'), '5,000 rows');
    assert.equal(countNoun(2, 'mailbox', 'mailboxes'), '2 mailboxes');
  });

  const percents: [number, string][] = [
    [1, '100%'],
    [0, '0%'],
    [0.5, '50%'],
    [0.9876, '98.8%'],
    [2 / 3, '66.7%'],
    [0.0001, '0.1%'],
    [4999 / 5000, '99.9%'],
  ];
  for (const [ratio, text] of percents) {
    it(`shows a success rate of ${ratio} as ${text}, never rounding to 100% or 0%`, () => {
      assert.equal(formatPercent(ratio), text);
    });
  }

  const durations: [number, string][] = [
    [0, '0 seconds'],
    [1, '1 second'],
    [42, '42 seconds'],
    [60, '1 minute'],
    [192, '3 minutes 12 seconds'],
    [3_600, '1 hour'],
    [7_500, '2 hours 5 minutes'],
    [97_200, '1 day 3 hours'],
  ];
  for (const [seconds, text] of durations) {
    it(`says ${seconds} s as "${text}"`, () => {
      assert.equal(formatDuration(seconds), text);
    });
  }

  const timesLeft: [number | null, string][] = [
    [null, 'estimating the time left'],
    [0, 'almost done'],
    [45, 'less than a minute left'],
    [640, 'about 11 minutes left'],
    [3_900, 'about 1 hour 5 minutes left'],
  ];
  for (const [seconds, text] of timesLeft) {
    it(`gives a rough ETA for ${seconds} s: "${text}"`, () => {
      assert.equal(formatTimeLeft(seconds), text);
    });
  }

  const rates: [number, string][] = [
    [0, 'no rows finished yet'],
    [0.25, '1 row every 4 minutes'],
    [1, '1 row a minute'],
    [2.54, '2.5 rows a minute'],
    [41.7, '42 rows a minute'],
    [1234.4, '1,234 rows a minute'],
  ];
  for (const [perMinute, text] of rates) {
    it(`describes ${perMinute} rows a minute as "${text}"`, () => {
      assert.equal(formatThroughput(perMinute), text);
    });
  }

  it('writes dates in UTC and says so, and shows a non-date as given', () => {
    assert.equal(formatDateTime('2025-03-24T14:05:12.000Z'), '24 Mar 2025, 14:05 UTC');
    assert.equal(formatDateTime('2025-03-24T23:30:00-02:00'), '25 Mar 2025, 01:30 UTC');
    assert.equal(formatDateTime('soon'), 'soon');
  });

  it('shortens long text with an ellipsis and flattens line breaks', () => {
    assert.equal(shortenText('short', 10), 'short');
    assert.equal(shortenText('a\n  b', 10), 'a b');
    const long = shortenText('x'.repeat(500), 100);
    assert.equal(long.length, 100);
    assert.ok(long.endsWith('…'));
  });

  const hostile: [string, string][] = [
    ['[click](https://evil.example)', '\\[click\\]\\(https://evil.example\\)'],
    ['**bold** _it_ `code` ~~gone~~', '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\~\\~gone\\~\\~'],
    ['<b>x</b> & co', '\\<b\\>x\\</b\\> \\& co'],
    ['# title', '\\# title'],
    ['- item', '\\- item'],
    ['+ item', '\\+ item'],
    ['> quote', '\\> quote'],
    ['1. first', '1\\. first'],
    ['a | b', 'a \\| b'],
    ['C:\\temp', 'C:\\\\temp'],
    ['Megan Bowen, megan.bowen@contoso.com', 'Megan Bowen, megan.bowen@contoso.com'],
    ['Version 2.5 of 1.0', 'Version 2.5 of 1.0'],
  ];
  for (const [text, escaped] of hostile) {
    it(`escapes ${JSON.stringify(text)} so that a TextBlock shows it as typed`, () => {
      assert.equal(escapeMarkdown(text), escaped);
    });
  }
});

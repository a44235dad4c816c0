import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectTypeHint } from '../../../src/bot/uploads/type-hint.ts';

describe('detectTypeHint', () => {
  const cases: readonly [string, ReturnType<typeof detectTypeHint>][] = [
    ['please restore these mailboxes', 'restore'],
    ['Restoring the leavers from March', 'restore'],
    ['recover them', 'recovery'],
    ['Recovery for the finance team', 'recovery'],
    ['just validate this one', 'validate'],
    ['validation only, please', 'validate'],
    ['EXPORT', 'export'],
    ['here is the file', null],
    ['validate first, then restore', null],
    ['the unrestored ones', null],
  ];
  for (const [message, expected] of cases) {
    it(`reads ${JSON.stringify(message)} as ${expected ?? 'no request'}`, () => {
      assert.equal(detectTypeHint(message), expected);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generatePassword } from '../../../src/operations/executors/index.ts';

describe('generatePassword', () => {
  it('makes passwords of at least 16 characters with upper, lower, digit and symbol', () => {
    for (const length of [8, 16, 24, 40]) {
      const password = generatePassword(length);
      assert.equal(password.length, Math.max(16, length));
      for (const pattern of [/[A-Z]/, /[a-z]/, /[0-9]/, /[^A-Za-z0-9]/]) assert.match(password, pattern);
    }
  });

  it('does not repeat itself', () => {
    const passwords = new Set(Array.from({ length: 200 }, () => generatePassword()));
    assert.equal(passwords.size, 200);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { REDACTED, redactSecrets } from '../../src/store/redact-secrets.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJlLWJ5dGVz';

describe('redactSecrets', () => {
  const cases: { name: string; input: unknown; expected: unknown }[] = [
    { name: 'a password', input: { password: 'hunter2' }, expected: { password: REDACTED } },
    { name: 'a passwd column', input: { Passwd: 'hunter2' }, expected: { Passwd: REDACTED } },
    { name: 'a client secret', input: { clientSecret: 's3cr3t' }, expected: { clientSecret: REDACTED } },
    { name: 'an access token', input: { access_token: 'abc' }, expected: { access_token: REDACTED } },
    {
      name: 'a Temporary Access Pass',
      input: { temporaryAccessPass: 'T3mp!Pass' },
      expected: { temporaryAccessPass: REDACTED },
    },
    { name: 'credentials as an object', input: { credentials: { user: 'a' } }, expected: { credentials: REDACTED } },
    { name: 'a client assertion', input: { clientAssertion: JWT }, expected: { clientAssertion: REDACTED } },
    { name: 'a numeric PIN under a secret key', input: { secretPin: 1234 }, expected: { secretPin: REDACTED } },
  ];
  for (const { name, input, expected } of cases) {
    it(`redacts ${name}`, () => {
      assert.deepEqual(redactSecrets(input), expected);
    });
  }

  it('keeps boolean facts about secrets, such as temporaryAccessPassIssued', () => {
    const input = { temporaryAccessPassIssued: true, passwordResetRequired: false, tokenCached: null };
    assert.deepEqual(redactSecrets(input), input);
  });

  it('redacts a bearer token and a JWT hidden inside a message', () => {
    const redacted = redactSecrets({
      message: `Graph refused the call. Authorization: Bearer ${JWT}`,
      note: `assertion ${JWT} expired`,
    });
    assert.equal(redacted.message, `Graph refused the call. Authorization: Bearer ${REDACTED}`);
    assert.equal(redacted.note, `assertion ${REDACTED} expired`);
  });

  it('redacts a bearer token however it is capitalised, and a key every time it is seen', () => {
    const first = redactSecrets({ header: 'BEARER abc.def', password: 'one', passwordSet: true });
    const again = redactSecrets({ header: 'bearer ghi', password: 'two', passwordSet: 'yes' });
    assert.deepEqual(first, { header: `Bearer ${REDACTED}`, password: REDACTED, passwordSet: true });
    assert.deepEqual(again, { header: `Bearer ${REDACTED}`, password: REDACTED, passwordSet: REDACTED });
  });

  it('walks arrays and nested objects', () => {
    const redacted = redactSecrets({ items: [{ result: { tap: { temporaryAccessPass: 'x' } } }] });
    assert.deepEqual(redacted, { items: [{ result: { tap: { temporaryAccessPass: REDACTED } } }] });
  });

  it('leaves its input untouched and returns a copy', () => {
    const input = { nested: { password: 'hunter2', keep: ['a'] } };
    const redacted = redactSecrets(input);
    assert.equal(input.nested.password, 'hunter2');
    redacted.nested.keep.push('b');
    assert.deepEqual(input.nested.keep, ['a']);
  });

  it('keeps ordinary values as they are', () => {
    const input = { sourceIdentity: 'ann@contoso.com', attempts: 2, result: null, tags: ['x'] };
    assert.deepEqual(redactSecrets(input), input);
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertAnonymousAllowed, InboundSecurityError, isLoopbackHost } from '../../../src/bot/auth/index.ts';

function assertRefused(run: () => void, setting: string, sentence: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof InboundSecurityError);
    assert.equal(error.code, 'ANONYMOUS_NOT_ALLOWED');
    assert.equal(error.setting, setting);
    assert.match(error.message, sentence);
    assert.match(error.message, /^[A-Z][^\n]*\.$/, 'one sentence');
    return true;
  });
}

describe('assertAnonymousAllowed', () => {
  for (const listenHost of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.0.2']) {
    it(`lets the sandbox run without an app id on ${listenHost}`, () => {
      assert.doesNotThrow(() => assertAnonymousAllowed({ appId: null, sandbox: true, listenHost }));
    });
  }

  for (const listenHost of ['0.0.0.0', '::', '', '10.1.2.3', 'bot.contoso.com']) {
    it(`refuses to run without an app id on ${JSON.stringify(listenHost)}, saying it needs a loopback address`, () => {
      assertRefused(
        () => assertAnonymousAllowed({ appId: null, sandbox: true, listenHost }),
        'listenHost',
        /no app id.*only on a loopback address/,
      );
    });
  }

  it('refuses to run without an app id outside sandbox mode, even on loopback', () => {
    assertRefused(
      () => assertAnonymousAllowed({ appId: null, sandbox: false, listenHost: '127.0.0.1' }),
      'sandbox',
      /no app id.*only in sandbox mode/,
    );
  });

  it('treats a blank app id as no app id', () => {
    assertRefused(
      () => assertAnonymousAllowed({ appId: '   ', sandbox: false, listenHost: '127.0.0.1' }),
      'sandbox',
      /no app id/,
    );
  });

  it('allows any address once the bot has an app id', () => {
    assert.doesNotThrow(() =>
      assertAnonymousAllowed({ appId: '6f1c2b9e-4a7d-4c1e-9b3a-2d5e8f0a1b2c', sandbox: false, listenHost: '0.0.0.0' }),
    );
  });
});

describe('isLoopbackHost', () => {
  const cases: [string, boolean][] = [
    ['127.0.0.1', true],
    ['127.255.0.9', true],
    ['LOCALHOST', true],
    ['::1', true],
    ['0:0:0:0:0:0:0:1', true],
    ['::ffff:127.0.0.1', true],
    ['0.0.0.0', false],
    ['::', false],
    ['::ffff:10.0.0.1', false],
    ['128.0.0.1', false],
    ['localhost.contoso.com', false],
  ];
  for (const [host, expected] of cases) {
    it(`says ${host} is ${expected ? '' : 'not '}a loopback address`, () => {
      assert.equal(isLoopbackHost(host), expected);
    });
  }
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mapCmdletError, parseCmdletErrorDetails } from '../../../src/tenant/exchange/exchange-errors.ts';
import { loadReplyFixture } from '../support/stub-server.ts';

function envelope(...messages: string[]) {
  return {
    error: {
      code: 'InternalServerError',
      message: 'Error executing cmdlet',
      details: messages.map((message) => ({ code: 'Client', message })),
    },
  };
}

describe('parseCmdletErrorDetails', () => {
  it('splits the documented envelope into id, exception type and text', () => {
    const [detail] = parseCmdletErrorDetails(loadReplyFixture('cmdlet-error-not-found').body);

    assert.equal(detail?.id, 'Ex6F9304');
    assert.equal(detail?.exceptionType, 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException');
    assert.match(detail?.text ?? '', /^The operation couldn't be performed because object/);
  });

  it('keeps a pipe that belongs to the text', () => {
    const [detail] = parseCmdletErrorDetails(envelope('Ex1|Some.Exception|Filter "a|b" is not valid.'));

    assert.equal(detail?.text, 'Filter "a|b" is not valid.');
  });

  it('drops the .NET stack that follows the sentence', () => {
    const [detail] = parseCmdletErrorDetails(loadReplyFixture('cmdlet-error-other').body);

    assert.equal(detail?.text, 'The value "bogus" isn\'t valid for ConflictResolutionOption.');
  });

  it('reads a pipe-separated error.message when there are no details', () => {
    const body = {
      error: { code: 'x', message: 'Ex2|Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException|Exists.' },
    };

    assert.deepEqual(parseCmdletErrorDetails(body), [
      { id: 'Ex2', exceptionType: 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException', text: 'Exists.' },
    ]);
  });

  it('answers no details for a body that is not an error envelope', () => {
    assert.deepEqual(parseCmdletErrorDetails({ value: [] }), []);
    assert.deepEqual(parseCmdletErrorDetails('oops'), []);
  });
});

describe('mapCmdletError', () => {
  const cases = [
    {
      type: 'Microsoft.Exchange.Configuration.Tasks.ManagementObjectNotFoundException',
      text: 'Nothing here.',
      code: 'OBJECT_NOT_FOUND',
    },
    { type: 'X.RecipientTaskException', text: "The object 'x' couldn't be found.", code: 'OBJECT_NOT_FOUND' },
    { type: 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException', text: 'Exists.', code: 'NAME_IN_USE' },
    { type: 'X.TaskException', text: 'The name "IMR-1-2" is already being used.', code: 'NAME_IN_USE' },
    {
      type: 'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException',
      text: 'The proxy address "SMTP:jane@contoso.com" is already being used by the proxy addresses or LegacyExchangeDN of "jane".',
      code: 'CMDLET_FAILED',
    },
    {
      type: 'X.TaskException',
      text: 'The mailbox has additional shards and cannot be recovered.',
      code: 'AUX_PRIMARY_SHARD',
    },
    {
      type: 'X.TaskException',
      text: 'Use the AllowLegacyDNMismatch parameter to continue.',
      code: 'LEGACY_DN_MISMATCH',
    },
    { type: 'X.TaskException', text: 'Something else went wrong.', code: 'CMDLET_FAILED' },
  ];

  for (const testCase of cases) {
    it(`maps "${testCase.text}" to a permanent ${testCase.code} carrying the cmdlet's text`, () => {
      const error = mapCmdletError([{ id: 'Ex1', exceptionType: testCase.type, text: testCase.text }], '', 400);

      assert.equal(error.code, testCase.code);
      assert.equal(error.errorClass, 'permanent');
      assert.equal(error.message, testCase.text);
      assert.equal(error.httpStatus, 400);
    });
  }

  it('falls back to the envelope message when there is no detail', () => {
    const error = mapCmdletError([], 'Error executing cmdlet', 400);

    assert.equal(error.code, 'CMDLET_FAILED');
    assert.equal(error.message, 'Error executing cmdlet');
  });
});

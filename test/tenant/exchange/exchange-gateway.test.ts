import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { createExchangeGateway } from '../../../src/tenant/exchange/exchange-gateway.ts';
import { MAIL_USER_PROPERTIES, MAILBOX_PROPERTIES } from '../../../src/tenant/exchange/exchange-mappers.ts';
import { InvokeCommandClient } from '../../../src/tenant/exchange/invoke-command-client.ts';
import type { PasswordEncoder } from '../../../src/tenant/exchange/password-encoder.ts';
import { createStaticTokenProvider } from '../../../src/tenant/token-provider.ts';
import { loadReplyFixture, startStubServer } from '../support/stub-server.ts';
import type { RecordedRequest, StubReply, StubServer } from '../support/stub-server.ts';

const TOKEN = 'test-token-exchange';
const PASSWORD = 'Gener4ted!Passw0rd';
const servers: StubServer[] = [];

after(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

interface Call {
  cmdlet: string;
  parameters: Record<string, unknown>;
  url: string;
}

function readCall(request: RecordedRequest): Call {
  const body = JSON.parse(request.body) as { CmdletInput: { CmdletName: string; Parameters: Record<string, unknown> } };
  return { cmdlet: body.CmdletInput.CmdletName, parameters: body.CmdletInput.Parameters, url: request.url };
}

/** A gateway over a stub that answers each cmdlet from `replies` and records the calls. */
async function createGateway(replies: Record<string, (call: Call) => StubReply>) {
  const calls: Call[] = [];
  const logLines: string[] = [];
  const server = await startStubServer((request) => {
    const call = readCall(request);
    calls.push(call);
    const reply = replies[call.cmdlet];
    return reply ? reply(call) : { body: { value: [] } };
  });
  servers.push(server);
  const passwords: PasswordEncoder = { encode: (password) => ({ encoded: password.length }) };
  const client = new InvokeCommandClient({
    baseUrl: server.origin,
    tenantId: 'tenant-1',
    tokens: createStaticTokenProvider(TOKEN),
    log: (event) => logLines.push(JSON.stringify(event)),
  });
  return { gateway: createExchangeGateway(client, passwords), calls, logLines };
}

const notFound = () => loadReplyFixture('cmdlet-error-not-found');
const page = (...value: Record<string, unknown>[]) => ({ body: { value } });

describe('createExchangeGateway mailboxes', () => {
  it('lists inactive mailboxes with exactly the MailboxRecord properties and maps them', async () => {
    const first = loadReplyFixture('get-mailbox-page-1');
    const body = first.body as { value: Record<string, unknown>[] };
    const { gateway, calls } = await createGateway({ 'Get-Mailbox': () => page(...body.value) });

    const [mailbox] = await gateway.listInactiveMailboxes();

    assert.deepEqual(calls[0]?.parameters, { InactiveMailboxOnly: true, ResultSize: 'Unlimited' });
    assert.equal(calls[0]?.url, `/adminapi/beta/tenant-1/InvokeCommand?$select=${MAILBOX_PROPERTIES.join(',')}`);
    assert.deepEqual(mailbox, {
      exchangeGuid: '7c0e3f6a-1111-4a2b-9c3d-000000000001',
      distinguishedName: body.value[0]?.['DistinguishedName'],
      legacyExchangeDN: body.value[0]?.['LegacyExchangeDN'],
      name: 'ada.lovelace',
      alias: 'ada',
      displayName: 'Ada Lovelace',
      primarySmtpAddress: 'ada@contoso.com',
      userPrincipalName: 'ada@contoso.com',
      emailAddresses: [
        'SMTP:ada@contoso.com',
        'smtp:ada@contoso.onmicrosoft.com',
        'X500:/o=ExchangeLabs/ou=old/cn=ada',
      ],
      isInactiveMailbox: true,
      whenSoftDeleted: '2024-03-01T10:15:00Z',
      externalDirectoryObjectId: null,
      mailboxLocations: ['1;7c0e3f6a-1111-4a2b-9c3d-000000000001;Primary;contoso.onmicrosoft.com;db1'],
      litigationHoldEnabled: true,
      inPlaceHolds: ['UniH7d2f', 'mbx1a2b'],
      complianceTagHoldApplied: false,
      delayHoldApplied: true,
      delayReleaseHoldApplied: false,
      isDirSynced: false,
      archiveStatus: 'Active',
      autoExpandingArchiveEnabled: false,
      recipientTypeDetails: 'UserMailbox',
    });
  });

  it('reads one mailbox by identity, inactive only when asked', async () => {
    const { gateway, calls } = await createGateway({ 'Get-Mailbox': () => page({ Name: 'ada', ExchangeGuid: 'g-1' }) });

    const mailbox = await gateway.getMailbox('g-1', { inactiveMailboxOnly: true });
    await gateway.getMailbox('ada@contoso.com');

    assert.equal(mailbox?.exchangeGuid, 'g-1');
    assert.deepEqual(calls[0]?.parameters, { Identity: 'g-1', InactiveMailboxOnly: true });
    assert.deepEqual(calls[1]?.parameters, { Identity: 'ada@contoso.com' });
  });

  it('answers null for a mailbox Exchange cannot find', async () => {
    const { gateway } = await createGateway({ 'Get-Mailbox': notFound });

    assert.equal(await gateway.getMailbox('nobody'), null);
  });

  it('recovers a mailbox with the encoded password and returns the new mailbox, logging neither secret', async () => {
    const { gateway, calls, logLines } = await createGateway({
      'New-Mailbox': () => page({ ExchangeGuid: 'new-1', Name: 'Jane Doe', UserPrincipalName: 'jane@contoso.com' }),
    });

    const mailbox = await gateway.newMailboxFromInactive({
      inactiveMailbox: 'g-1',
      name: 'Jane Doe',
      displayName: 'Jane Doe',
      firstName: 'Jane',
      lastName: 'Doe',
      microsoftOnlineServicesId: 'jane@contoso.com',
      password: PASSWORD,
      resetPasswordOnNextLogon: true,
    });

    assert.equal(mailbox.exchangeGuid, 'new-1');
    assert.deepEqual(calls[0]?.parameters, {
      InactiveMailbox: 'g-1',
      Name: 'Jane Doe',
      DisplayName: 'Jane Doe',
      FirstName: 'Jane',
      LastName: 'Doe',
      MicrosoftOnlineServicesID: 'jane@contoso.com',
      Password: { encoded: PASSWORD.length },
      ResetPasswordOnNextLogon: true,
    });
    assert.ok(logLines.length > 0);
    assert.ok(logLines.every((line) => !line.includes(PASSWORD) && !line.includes(TOKEN)));
  });

  it('reads the recovered mailbox back when New-Mailbox returns no object', async () => {
    const { gateway, calls } = await createGateway({
      'New-Mailbox': () => page(),
      'Get-Mailbox': () => page({ ExchangeGuid: 'new-2', UserPrincipalName: 'jane@contoso.com' }),
    });

    const mailbox = await gateway.newMailboxFromInactive({
      inactiveMailbox: 'g-1',
      name: 'Jane',
      displayName: 'Jane',
      microsoftOnlineServicesId: 'jane@contoso.com',
      password: PASSWORD,
      resetPasswordOnNextLogon: false,
    });

    assert.equal(mailbox.exchangeGuid, 'new-2');
    assert.deepEqual(calls[1]?.parameters, { Identity: 'jane@contoso.com' });
  });

  it('surfaces a name clash as NAME_IN_USE', async () => {
    const { gateway } = await createGateway({ 'New-Mailbox': () => loadReplyFixture('cmdlet-error-name-in-use') });

    await assert.rejects(
      gateway.newMailboxFromInactive({
        inactiveMailbox: 'g-1',
        name: 'Jane Doe',
        displayName: 'Jane Doe',
        microsoftOnlineServicesId: 'jane@contoso.com',
        password: PASSWORD,
        resetPasswordOnNextLogon: true,
      }),
      { code: 'NAME_IN_USE', errorClass: 'permanent' },
    );
  });

  it('adds addresses through Set-Mailbox with an @{Add=…} hashtable', async () => {
    const { gateway, calls } = await createGateway({});

    await gateway.addEmailAddresses('target@contoso.com', ['X500:/o=ExchangeLabs/cn=ada']);

    assert.deepEqual(calls[0], {
      cmdlet: 'Set-Mailbox',
      url: '/adminapi/beta/tenant-1/InvokeCommand',
      parameters: {
        Identity: 'target@contoso.com',
        EmailAddresses: { '@odata.type': '#Exchange.GenericHashTable', Add: ['X500:/o=ExchangeLabs/cn=ada'] },
      },
    });
  });

  it('reads a mail user with its cloud-based archive fields, and null when Exchange cannot find one', async () => {
    const hybrid = {
      ExchangeGuid: '5d1b2c3a-2222-4a2b-9c3d-000000000002',
      DistinguishedName: 'CN=grace,OU=contoso.onmicrosoft.com,DC=PROD,DC=OUTLOOK,DC=COM',
      LegacyExchangeDN: '/o=ExchangeLabs/cn=Recipients/cn=grace',
      Name: 'grace',
      DisplayName: 'Grace Hopper',
      PrimarySmtpAddress: 'grace@contoso.com',
      EmailAddresses: ['SMTP:grace@contoso.com'],
      IsDirSynced: true,
      ArchiveStatus: 'Active',
      ArchiveGuid: '9a8b7c6d-3333-4a2b-9c3d-000000000003',
      RecipientTypeDetails: 'MailUser',
    };
    const noArchive = { ...hybrid, ArchiveStatus: 'None', ArchiveGuid: '00000000-0000-0000-0000-000000000000' };
    const replies = [page(hybrid), page(noArchive), notFound()];
    const { gateway, calls } = await createGateway({ 'Get-MailUser': () => replies.shift() ?? notFound() });

    assert.deepEqual(await gateway.getMailUser('grace@contoso.com'), {
      exchangeGuid: hybrid.ExchangeGuid,
      distinguishedName: hybrid.DistinguishedName,
      legacyExchangeDN: hybrid.LegacyExchangeDN,
      name: 'grace',
      displayName: 'Grace Hopper',
      primarySmtpAddress: 'grace@contoso.com',
      emailAddresses: ['SMTP:grace@contoso.com'],
      isDirSynced: true,
      archiveStatus: 'Active',
      archiveGuid: hybrid.ArchiveGuid,
      recipientTypeDetails: 'MailUser',
    });
    const without = await gateway.getMailUser('grace@contoso.com');
    assert.deepEqual([without?.archiveStatus, without?.archiveGuid], ['None', '']);
    assert.equal(await gateway.getMailUser('nobody@contoso.com'), null);
    assert.deepEqual(calls[0]?.parameters, { Identity: 'grace@contoso.com' });
    assert.equal(calls[0]?.url, `/adminapi/beta/tenant-1/InvokeCommand?$select=${MAIL_USER_PROPERTIES.join(',')}`);
  });

  it("adds a mail user's addresses through Set-MailUser with an @{Add=…} hashtable", async () => {
    const { gateway, calls } = await createGateway({});

    await gateway.addMailUserEmailAddresses('grace@contoso.com', ['X500:/o=ExchangeLabs/cn=ada']);

    assert.deepEqual(calls[0], {
      cmdlet: 'Set-MailUser',
      url: '/adminapi/beta/tenant-1/InvokeCommand',
      parameters: {
        Identity: 'grace@contoso.com',
        EmailAddresses: { '@odata.type': '#Exchange.GenericHashTable', Add: ['X500:/o=ExchangeLabs/cn=ada'] },
      },
    });
  });

  it('reads mailbox statistics of a soft-deleted recipient, and null when there is none', async () => {
    const { gateway, calls } = await createGateway({
      'Get-MailboxStatistics': (call) =>
        call.parameters['Identity'] === 'gone'
          ? notFound()
          : page({ TotalItemSize: '1.2 GB (1,288,490,189 bytes)', ItemCount: 5120 }),
    });

    assert.deepEqual(await gateway.getMailboxStatistics('g-1'), { totalItemSizeBytes: 1_288_490_189, itemCount: 5120 });
    assert.equal(await gateway.getMailboxStatistics('gone'), null);
    assert.deepEqual(calls[0]?.parameters, { Identity: 'g-1', IncludeSoftDeletedRecipients: true });
  });
});

describe('createExchangeGateway restore requests', () => {
  const stored = {
    Name: 'IMR-job1-2',
    RequestGuid: '4f1a0000-0000-4000-8000-000000000001',
    Status: 'Queued',
    TargetMailbox: 'target',
  };

  it('creates a restore request, then reads it back by its name to learn its RequestGuid', async () => {
    const { gateway, calls } = await createGateway({
      'New-MailboxRestoreRequest': () => page({ Name: 'IMR-job1-2' }),
      'Get-MailboxRestoreRequest': () => page(stored),
    });

    const request = await gateway.newRestoreRequest({
      name: 'IMR-job1-2',
      sourceMailbox: 'g-1',
      targetMailbox: 'target@contoso.com',
      targetRootFolder: 'Recovered',
      conflictResolutionOption: 'KeepAll',
      allowLegacyDNMismatch: false,
    });

    assert.deepEqual(request, {
      name: 'IMR-job1-2',
      requestGuid: '4f1a0000-0000-4000-8000-000000000001',
      status: 'Queued',
      targetMailbox: 'target',
    });
    assert.deepEqual(calls[0]?.parameters, {
      Name: 'IMR-job1-2',
      SourceMailbox: 'g-1',
      TargetMailbox: 'target@contoso.com',
      TargetRootFolder: 'Recovered',
      ConflictResolutionOption: 'KeepAll',
    });
    assert.deepEqual(calls[1], {
      cmdlet: 'Get-MailboxRestoreRequest',
      url: '/adminapi/beta/tenant-1/InvokeCommand',
      parameters: { Name: 'IMR-job1-2', TargetMailbox: 'target@contoso.com' },
    });
  });

  it('sends AllowLegacyDNMismatch and the archive switches only when opted in', async () => {
    const { gateway, calls } = await createGateway({ 'Get-MailboxRestoreRequest': () => page(stored) });

    await gateway.newRestoreRequest({
      name: 'IMR-job1-3',
      sourceMailbox: 'g-1',
      targetMailbox: 't',
      allowLegacyDNMismatch: true,
      sourceIsArchive: true,
      targetIsArchive: true,
    });

    assert.equal(calls[0]?.parameters['AllowLegacyDNMismatch'], true);
    assert.equal(calls[0]?.parameters['SourceIsArchive'], true);
    assert.equal(calls[0]?.parameters['TargetIsArchive'], true);
  });

  it('lists restore requests by target, and none when the target does not exist', async () => {
    const { gateway, calls } = await createGateway({
      'Get-MailboxRestoreRequest': (call) =>
        call.parameters['TargetMailbox'] === 'missing' ? notFound() : page(stored, stored),
    });

    assert.equal((await gateway.getRestoreRequests({ targetMailbox: 'target' })).length, 2);
    assert.deepEqual(await gateway.getRestoreRequests({ targetMailbox: 'missing' }), []);
    assert.deepEqual(calls[0]?.parameters, { TargetMailbox: 'target' });
  });

  it("submits a request in its job's batch and lists the whole batch, past Exchange's 1000-result default", async () => {
    const { gateway, calls } = await createGateway({ 'Get-MailboxRestoreRequest': () => page(stored) });

    await gateway.newRestoreRequest({
      name: 'IMR-job1-4',
      sourceMailbox: 'g-1',
      targetMailbox: 't',
      batchName: 'IMR-job1',
    });
    assert.equal((await gateway.getRestoreRequests({ batchName: 'IMR-job1' })).length, 1);

    assert.equal(calls[0]?.parameters['BatchName'], 'IMR-job1');
    assert.deepEqual(calls[2]?.parameters, { BatchName: 'IMR-job1', ResultSize: 'Unlimited' });
  });

  it('reads restore statistics without the report and converts sizes to bytes', async () => {
    const { gateway, calls } = await createGateway({
      'Get-MailboxRestoreRequestStatistics': () =>
        page({
          Status: 'Failed',
          SourceExchangeGuid: '6d71699b-a2a3-4f36-8b23-5ae64c03d1c4',
          StatusDetail: 'FailedOther',
          PercentComplete: 95,
          BytesTransferred: '1.2 GB (1,288,490,189 bytes)',
          EstimatedTransferSize: '1.3 GB (1,395,864,371 bytes)',
          ItemsTransferred: 10_233,
          EstimatedTransferItemCount: 10_240,
          DataConsistencyScore: 'Good',
          FailureType: 'TooManyBadItemsPermanentException',
          Message: 'Error: The job encountered too many bad items.',
        }),
    });

    const statistics = await gateway.getRestoreRequestStatistics('4f1a0000-0000-4000-8000-000000000001');

    assert.deepEqual(calls[0]?.parameters, { Identity: '4f1a0000-0000-4000-8000-000000000001' });
    assert.deepEqual(statistics, {
      status: 'Failed',
      sourceExchangeGuid: '6d71699b-a2a3-4f36-8b23-5ae64c03d1c4',
      targetExchangeGuid: null,
      statusDetail: 'FailedOther',
      percentComplete: 95,
      bytesTransferred: 1_288_490_189,
      estimatedTransferSize: 1_395_864_371,
      itemsTransferred: 10_233,
      estimatedTransferItemCount: 10_240,
      dataConsistencyScore: 'Good',
      failureMessage: 'Error: The job encountered too many bad items.',
    });
  });
});

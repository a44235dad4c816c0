import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExportExecutor, expandExportItems } from '../../../src/operations/executors/index.ts';
import { FakeTenant, guidFor, inactiveMailbox } from '../../fakes/fake-tenant.ts';
import { RowRun } from './executor-test-support.ts';

const jdoe = inactiveMailbox({
  name: 'jdoe',
  displayName: 'John Doe',
  emailAddresses: ['SMTP:jdoe@contoso.com', 'smtp:john.doe@contoso.com'],
  delayHoldApplied: true,
  archiveStatus: 'Active',
});
const recent = inactiveMailbox({ name: 'recent', externalDirectoryObjectId: guidFor('entra:recent') });

describe('export executor', () => {
  it('writes one row per mailbox with identity, names, addresses, holds, archive, size and eligibility', async () => {
    const tenant = new FakeTenant({ inactive: [jdoe, recent] });
    tenant.mailboxStatistics.set(jdoe.exchangeGuid, { totalItemSizeBytes: 1_073_741_824, itemCount: 15_230 });
    const outcome = await new RowRun(jdoe.exchangeGuid, null).attempt(
      createExportExecutor({ exchange: tenant.exchange }),
    );
    assert.deepEqual(outcome, {
      status: 'completed',
      result: {
        exchangeGuid: jdoe.exchangeGuid,
        distinguishedName: jdoe.distinguishedName,
        name: 'jdoe',
        displayName: 'John Doe',
        primarySmtpAddress: 'jdoe@contoso.com',
        userPrincipalName: 'jdoe@contoso.com',
        emailAddresses: 'SMTP:jdoe@contoso.com; smtp:john.doe@contoso.com',
        whenSoftDeleted: '2024-01-15T10:00:00Z',
        holds: 'Litigation Hold; delay hold',
        archiveStatus: 'Active',
        totalItemSizeBytes: 1_073_741_824,
        itemCount: 15_230,
        eligibleForRecovery: true,
        eligibilityReason: '',
      },
    });
    assert.deepEqual(tenant.writes, []);
  });

  it('says why a mailbox cannot be recovered', async () => {
    const tenant = new FakeTenant({ inactive: [recent] });
    const outcome = await new RowRun(recent.exchangeGuid, null).attempt(
      createExportExecutor({ exchange: tenant.exchange }),
    );
    const result = outcome.status === 'completed' ? outcome.result : undefined;
    assert.equal(result?.['eligibleForRecovery'], false);
    assert.match(String(result?.['eligibilityReason']), /deleted less than 30 days ago/);
  });

  it('fails the row when the mailbox is no longer there', async () => {
    const tenant = new FakeTenant({ inactive: [] });
    const outcome = await new RowRun(jdoe.exchangeGuid, null).attempt(
      createExportExecutor({ exchange: tenant.exchange }),
    );
    assert.equal(outcome.status === 'failed' && outcome.error.code, 'SOURCE_NOT_FOUND');
  });

  it('turns an empty file into one item per inactive mailbox, numbered like file rows', async () => {
    const tenant = new FakeTenant({ inactive: [jdoe, recent] });
    const items = await expandExportItems(tenant.exchange);
    assert.deepEqual(
      items.map((item) => [item.rowNumber, item.sourceIdentity, item.status]),
      [
        [2, jdoe.exchangeGuid, 'pending'],
        [3, recent.exchangeGuid, 'pending'],
      ],
    );
  });
});

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import {
  renderMailboxWizardCard,
  suggestRecoveryFields,
  suggestRestoreFields,
} from '../../src/cards/mailbox-wizard-card.ts';
import { toMailboxSummary } from '../../src/cards/mailbox-summary.ts';
import { CARD_VERBS } from '../../src/cards/verbs.ts';
import type { MailboxRecord } from '../../src/operations/tenant-ports.ts';
import { buttonTitles, inputsOf, textOf, verbsOf } from './card-queries.ts';
import { recoveryWizardView, restoreWizardView } from './sample-views.ts';

const RECORD: MailboxRecord = {
  exchangeGuid: '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40',
  distinguishedName: 'CN=Megan Bowen,OU=contoso.onmicrosoft.com',
  legacyExchangeDN: '/o=ExchangeLabs/ou=Exchange/cn=Recipients/cn=megan',
  name: 'megan.bowen',
  alias: 'megan.bowen',
  displayName: 'Megan Bowen',
  primarySmtpAddress: 'megan.bowen@contoso.com',
  userPrincipalName: 'megan.bowen@contoso.com',
  emailAddresses: ['SMTP:megan.bowen@contoso.com'],
  isInactiveMailbox: true,
  whenSoftDeleted: '2024-11-02T09:14:00Z',
  externalDirectoryObjectId: null,
  mailboxLocations: [],
  litigationHoldEnabled: true,
  inPlaceHolds: ['UniH7d1e'],
  complianceTagHoldApplied: false,
  delayHoldApplied: false,
  delayReleaseHoldApplied: false,
  isDirSynced: false,
  archiveStatus: 'None',
  autoExpandingArchiveEnabled: false,
  recipientTypeDetails: 'UserMailbox',
};

describe('one-mailbox wizard card', () => {
  it('opens on the mailbox, its holds and its pre-flight verdict, with the GUID as small print', () => {
    const card = renderMailboxWizardCard(recoveryWizardView('mailbox'));
    const text = textOf(card);
    assert.match(text, /Step 1 of 3: the mailbox/);
    assert.match(text, /Megan Bowen\n · megan\.bowen@contoso\.com\nInactive since 2 Nov 2024\nHolds: Litigation Hold/);
    assert.match(
      text,
      /Pre-flight: it can be recovered; read the warnings first\.\nWarning: \nThe mailbox is on Litigation Hold/,
    );
    assert.deepEqual(buttonTitles(card), ['Next', 'Cancel']);
  });

  it('offers no Next for a mailbox that pre-flight blocks', () => {
    const view = {
      ...recoveryWizardView('mailbox'),
      issues: [{ severity: 'error' as const, message: 'It has additional shards.' }],
    };
    const card = renderMailboxWizardCard(view);
    assert.match(textOf(card), /cannot be recovered as it stands\.\nBlocked: \nIt has additional shards\./);
    assert.deepEqual(verbsOf(card), [CARD_VERBS.wizardCancel]);
  });

  it('asks for the recovery fields, pre-filled, under the CSV column names', () => {
    const card = renderMailboxWizardCard(recoveryWizardView('details'));
    assert.deepEqual(
      inputsOf(card).map((input) => [input.id, input.value ?? '']),
      [
        ['target_upn', 'megan.bowen@contoso.com'],
        ['display_name', 'Megan Bowen'],
        ['target_smtp', 'megan.bowen@contoso.com'],
        ['usage_location', 'US'],
        ['license_sku', ''],
      ],
    );
    assert.deepEqual(buttonTitles(card), ['Back', 'Next', 'Cancel']);
  });

  it('asks for the restore target, whether into its archive (off by default), folder and conflict option', () => {
    const card = renderMailboxWizardCard(restoreWizardView('details'));
    const inputs = inputsOf(card);
    assert.deepEqual(
      inputs.map((input) => input.id),
      ['target_mailbox', 'target_is_archive', 'target_folder', 'conflict_resolution'],
    );
    const archive = inputs.find((input) => input.id === 'target_is_archive');
    assert.equal(archive?.type, 'Input.Toggle');
    assert.equal(archive?.value, 'false');
    assert.match(String(archive?.title), /mail user/);
    const conflict = inputs.find((input) => input.id === 'conflict_resolution');
    assert.equal(conflict?.value, 'KeepSourceItem');
    assert.equal((conflict?.choices as unknown[]).length, 6);
  });

  it("names the target's archive at review when the restore goes into it", () => {
    const view = restoreWizardView('review');
    if (view.operation !== 'restore') throw new Error('a restore view');
    const card = renderMailboxWizardCard({ ...view, fields: { ...view.fields, targetIsArchive: 'true' } });
    assert.match(textOf(card), /Into the archive of\nadele\.vance@contoso\.com/);
  });

  it('reviews the choices in words and submits without re-sending inputs', () => {
    const card = renderMailboxWizardCard(restoreWizardView('review'));
    assert.match(textOf(card), /Into mailbox\nadele\.vance@contoso\.com\nFolder\nRestored - Megan Bowen - 2025-03-24/);
    assert.match(textOf(card), /Existing items\nKeep the restored item \(Exchange default\)/);
    assert.deepEqual(buttonTitles(card), ['Back', 'Submit for approval', 'Cancel']);
    assert.deepEqual(inputsOf(card), []);
    const submit = card.actions?.find((action) => action.verb === CARD_VERBS.wizardSubmit);
    assert.deepEqual(submit?.data, { wizardId: 'wz-8e1b4d', step: 'review' });
  });

  it('suggests the original UPN and name for a recovery, and a dated folder for a restore', () => {
    assert.deepEqual(suggestRecoveryFields(RECORD), {
      targetUpn: 'megan.bowen@contoso.com',
      displayName: 'Megan Bowen',
      targetSmtp: 'megan.bowen@contoso.com',
      usageLocation: '',
      licenseSku: '',
    });
    assert.deepEqual(suggestRestoreFields(RECORD, new Date('2025-03-24T10:00:00Z')), {
      targetMailbox: '',
      targetIsArchive: 'false',
      targetFolder: 'Restored - Megan Bowen - 2025-03-24',
      conflictResolution: 'KeepSourceItem',
    });
  });

  it('describes a mailbox record by name, address and holds in words', () => {
    assert.deepEqual(toMailboxSummary(RECORD), {
      displayName: 'Megan Bowen',
      primarySmtpAddress: 'megan.bowen@contoso.com',
      exchangeGuid: '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40',
      deletedAt: '2024-11-02T09:14:00Z',
      holds: ['Litigation Hold', 'eDiscovery case hold (UniH7d1e)'],
    });
  });
});

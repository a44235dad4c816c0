import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { activeMailbox, guidFor, inactiveMailbox, mailUser, user } from '../fakes/fake-tenant.ts';
import { createHarness } from './support/bot-harness.ts';

function lastMessage(h: ReturnType<typeof createHarness>): string {
  return JSON.stringify(h.adapter.sent.filter((entry) => entry.activity.type === 'message').at(-1)?.activity);
}

describe('the one-mailbox wizard shows the pre-flight verdict', () => {
  it('names the Litigation Hold of the mailbox on the first step, as a warning that still lets the admin go on', async () => {
    const held = inactiveMailbox({ name: 'held', litigationHoldEnabled: true });
    const h = createHarness({ mailboxes: [], inactive: [held] });
    await h.say('restore held@contoso.com');
    const card = lastMessage(h);
    assert.match(card, /Step 1 of 3/);
    assert.match(card, /Litigation Hold/);
    assert.match(card, /read the warnings first/);
    assert.match(card, /wizard\.next/);
  });

  it('shows why a mailbox with an AuxPrimary shard cannot be recovered, and offers no Next', async () => {
    const sharded = inactiveMailbox({
      name: 'sharded',
      litigationHoldEnabled: false,
      mailboxLocations: [
        `1;${guidFor('loc:sharded')};Primary;contoso.onmicrosoft.com;${guidFor('db:sharded')}`,
        `1;${guidFor('aux:sharded')};AuxPrimary;contoso.onmicrosoft.com;${guidFor('db2:sharded')}`,
      ],
    });
    const h = createHarness({ mailboxes: [], inactive: [sharded] });
    await h.say(`recover ${sharded.exchangeGuid}`);
    const card = lastMessage(h);
    assert.match(card, /cannot be recovered as it stands/);
    assert.match(card, /additional shards/);
    assert.doesNotMatch(card, /wizard\.next/);
  });

  it('warns that the suggested UPN is taken without blocking the mailbox, and blocks it at review if kept', async () => {
    const clean = inactiveMailbox({ name: 'clean', litigationHoldEnabled: false });
    // The returning employee's account was re-synced: an active mailbox already holds the Name 'clean'.
    const resynced = activeMailbox({ name: 'clean' });
    const h = createHarness({ mailboxes: [], inactive: [clean], active: [resynced] });
    await h.say(`recover ${clean.exchangeGuid}`);
    const first = lastMessage(h);
    assert.match(first, /With the suggested details: The mailbox name 'clean'/);
    assert.match(first, /wizard\.next/);
    const wizardId = /"wizardId":"([^"]+)"/.exec(first)?.[1] ?? '';

    await h.click('wizard.next', { wizardId, step: 'mailbox' });
    const kept = JSON.stringify((await h.click('wizard.next', { wizardId, step: 'details' }))?.value);
    assert.match(kept, /cannot be recovered as it stands/);
    assert.doesNotMatch(kept, /wizard\.submit/);
    const changed = await h.click('wizard.next', { wizardId, step: 'details', target_upn: 'clean.back@contoso.com' });
    assert.match(JSON.stringify(changed?.value), /ready to be recovered/);
    assert.match(JSON.stringify(changed?.value), /wizard\.submit/);
  });
  it("blocks a restore into a mail user's primary mailbox at review, and lets it go into its archive", async () => {
    const jdoe = inactiveMailbox({ name: 'jdoe', litigationHoldEnabled: false });
    const h = createHarness({ mailboxes: [], inactive: [jdoe] });
    h.tenant.mailUsers.push(mailUser({ name: 'onprem.user', isDirSynced: false }));
    h.tenant.users.push(user({ userPrincipalName: 'onprem.user@contoso.com' }));
    await h.say(`restore ${jdoe.exchangeGuid}`);
    const wizardId = /"wizardId":"([^"]+)"/.exec(lastMessage(h))?.[1] ?? '';
    await h.click('wizard.next', { wizardId, step: 'mailbox' });

    const target = { wizardId, step: 'details', target_mailbox: 'onprem.user@contoso.com' };
    const primary = JSON.stringify((await h.click('wizard.next', { ...target, target_is_archive: 'false' }))?.value);
    assert.match(primary, /cannot be restored as it stands/);
    assert.match(primary, /onprem\.user@contoso\.com is a mail user, not a mailbox/);
    assert.doesNotMatch(primary, /wizard\.submit/);

    await h.click('wizard.back', { wizardId, step: 'review' });
    const archive = JSON.stringify((await h.click('wizard.next', { ...target, target_is_archive: 'true' }))?.value);
    assert.match(archive, /Into the archive of/);
    assert.match(archive, /wizard\.submit/);
  });
});

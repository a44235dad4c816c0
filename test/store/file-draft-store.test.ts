import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { openDataDir } from '../../src/store/data-dir.ts';
import { openBotDrafts } from '../../src/wiring/bot-drafts.ts';
import { useTempDirs } from './store-test-support.ts';

const ANN = { id: '29:ann', name: 'Ann Admin' };
const upload = {
  fileName: 'leavers.csv',
  bytes: new Uint8Array([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xff]),
  type: null,
  requester: ANN,
  conversation: { id: 'a:chat-ann', kind: 'personal' as const },
};

describe('drafts in the data directory', () => {
  const makeTempDir = useTempDirs();

  it('keeps a file awaiting its type, byte for byte, across a restart', async () => {
    const path = await makeTempDir();
    const first = await openDataDir(path);
    await (await openBotDrafts(first)).pendingUploads.put('job1', upload);
    await first.close();

    const second = await openDataDir(path);
    const drafts = await openBotDrafts(second);
    const restored = await drafts.pendingUploads.get('job1');
    assert.deepEqual(restored?.bytes, upload.bytes);
    assert.equal(restored?.fileName, 'leavers.csv');
    await drafts.pendingUploads.delete('job1');
    assert.equal(await drafts.pendingUploads.get('job1'), undefined);
    await second.close();
  });

  it('keeps a wizard in progress across a restart, and forgets a deleted one', async () => {
    const path = await makeTempDir();
    const first = await openDataDir(path);
    const wizard = {
      wizardId: 'wiz1',
      operation: 'recovery' as const,
      mailbox: { exchangeGuid: '11111111-2222-4333-8444-555555555555', displayName: 'J Doe' },
      fields: { target_upn: 'jdoe@contoso.com' },
      issues: [],
      requester: ANN,
      conversation: upload.conversation,
    };
    const drafts = await openBotDrafts(first);
    await drafts.wizards.put('wiz1', wizard as never);
    await drafts.wizards.put('wiz2', { ...wizard, wizardId: 'wiz2' } as never);
    await drafts.wizards.delete('wiz2');
    await first.close();

    const second = await openDataDir(path);
    const again = await openBotDrafts(second);
    assert.deepEqual((await again.wizards.get('wiz1'))?.fields, wizard.fields);
    assert.equal(await again.wizards.get('wiz2'), undefined);
    await second.close();
  });
});

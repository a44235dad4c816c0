/**
 * The README tells Playground users how to send their own CSV and how to approve as the second user, with
 * JSON to paste into "Mock an Activity → Custom activity". These tests send exactly that JSON (the editor's
 * template with the entries the README says to replace), so the instructions cannot rot.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startE2eStack, type E2eStack } from './support/e2e-stack.ts';
import { actionByVerb, cardText } from './support/playground-client.ts';

const README = new URL('../../README.md', import.meta.url);

/** The JSON fragment in the code block that follows `<!-- readme:<marker> -->`, with the bot's real port. */
async function readmeFragment(marker: string, botPort: string): Promise<Record<string, unknown>> {
  const readme = await readFile(README, 'utf8');
  const start = readme.indexOf(`<!-- readme:${marker} -->`);
  assert.ok(start >= 0, `the README has the ${marker} JSON`);
  const block = /```json\n([\s\S]*?)```/.exec(readme.slice(start))?.[1] ?? '';
  return JSON.parse(`{${block.replaceAll('localhost:3978', `localhost:${botPort}`)}}`) as Record<string, unknown>;
}

describe('the custom activities the README gives for the Playground', () => {
  let stack: E2eStack;
  let botPort: string;
  before(async () => {
    stack = await startE2eStack();
    botPort = new URL(stack.bot.messagesUrl).port;
  });
  after(() => stack?.close());

  it('serves a CSV dropped in data/sandbox-files, and the README upload JSON gets it validated', async () => {
    const own = 'source_guid,target_upn\n13020234-7895-46a4-9ff9-4bb8f7aca20c,jane.schmidt@contoso.com\n';
    await writeFile(join(stack.dataDir, 'sandbox-files', 'mine.csv'), own);
    const mine = await fetch(`http://localhost:${botPort}/sandbox/files/mine.csv`);
    assert.equal(await mine.text(), own);
    await writeFile(join(stack.dataDir, 'outside.csv'), 'not for download');
    assert.equal((await fetch(`http://localhost:${botPort}/sandbox/files/..%2Foutside.csv`)).status, 404);

    const upload = await readmeFragment('upload-activity', botPort);
    await stack.playground.sendCustomActivity(upload);
    const validation = await stack.playground.waitForCard('All 3 rows are ready');
    assert.match(cardText(validation.attachments?.[0]?.content), /recovery\.csv/);
  });

  it('lets Megan approve with the README approval JSON filled in from the approval card', async () => {
    const playground = stack.playground;
    await playground.say('sample validate');
    const validation = await playground.waitForCard(/Validation file checked: 3 rows/);
    const submit = actionByVerb(validation, 'job.submit');
    const submitted = await playground.click(validation, submit);
    assert.ok(submitted.card);
    const shown = cardText(submitted.card.attachments?.[0]?.content);
    const jobId = /Job (\w+)\./.exec(shown)?.[1];
    const contentHash = /Content hash\n(\w+)/.exec(shown)?.[1];
    assert.ok(jobId && contentHash, 'the approval card shows the job id and the content hash');

    const approve = await readmeFragment('approve-activity', botPort);
    const filledIn = JSON.parse(
      JSON.stringify(approve).replace('<job id>', jobId).replace('<content hash>', contentHash),
    ) as Record<string, unknown>;
    const sentAt = Date.now();
    await playground.sendCustomActivity(filledIn);
    await playground.waitForCard(/rows completed/, { after: sentAt });
  });
});

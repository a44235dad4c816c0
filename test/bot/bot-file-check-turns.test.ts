/**
 * A file is answered within its turn ("Checking…") and checked after the reply: one card shows the check, then
 * the summary or one sentence replaces it. Held tenant look-ups stand for a long pre-flight.
 */
import assert from 'node:assert/strict';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import type { RecordedActivity } from './support/recording-adapter.ts';
import { guidFor, tenantErrors } from '../fakes/fake-tenant.ts';
import { createHarness } from './support/bot-harness.ts';

type Harness = ReturnType<typeof createHarness>;

/** A pasted recovery file of `rows` rows (row 2 names jdoe, the others GUIDs the tenant lacks: blocked). */
function pastedCsv(rows: number, prefix = 'user'): string {
  const lines = ['source_guid,target_upn,display_name'];
  for (let i = 0; i < rows; i += 1) {
    const source = i === 0 ? guidFor('inactive:jdoe') : guidFor(`${prefix}:${i}`);
    lines.push(`${source},${prefix}${i}.new@contoso.com,${prefix} ${i}`);
  }
  return `\`\`\`\n${lines.join('\n')}\n\`\`\``;
}

/** Holds every Graph UPN look-up until released: the tenant check is "still running" meanwhile. */
function holdTenantLookups(h: Harness): { started: Promise<void>; release(): void } {
  const graph = h.tenant.graph as { getUsersByUpn: (keys: string[]) => Promise<unknown> };
  const original = graph.getUsersByUpn.bind(graph);
  let release = (): void => undefined;
  let started = (): void => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  graph.getUsersByUpn = async (keys) => {
    started();
    await gate;
    return original(keys);
  };
  return { started: startedPromise, release: () => release() };
}

/** Every Graph UPN look-up takes `ms` of the harness's fake time: a tenant slow enough for progress to show. */
function slowTenantLookups(h: Harness, ms: number): void {
  const graph = h.tenant.graph as { getUsersByUpn: (keys: string[]) => Promise<unknown> };
  const original = graph.getUsersByUpn.bind(graph);
  graph.getUsersByUpn = async (keys) => {
    await h.clock.sleep(ms);
    return original(keys);
  };
}

const textOf = (entry: RecordedActivity | undefined) => JSON.stringify(entry?.activity.attachments ?? null);
const updatesOf = (h: Harness, activityId: string | undefined) =>
  h.adapter.updated.filter((entry) => entry.activity.id === activityId);

describe('a file checked after the reply', () => {
  it('answers the turn with “Checking N rows…” before the tenant check, and replaces that card with the summary', async () => {
    const h = createHarness();
    const held = holdTenantLookups(h);
    await h.say(pastedCsv(3));
    await held.started;
    assert.equal(h.adapter.sent.length, 1, 'the turn answered with one card');
    assert.match(textOf(h.adapter.sent[0]), /Checking 3 rows of pasted\.csv…/);
    // Teams splits a message with text and a card in two, and then gives no id to update it by.
    assert.equal(h.adapter.sent[0]?.activity.text, undefined);
    assert.equal(h.adapter.sent[0]?.activity.summary, 'Checking pasted.csv (3 rows)');
    assert.equal(h.adapter.updated.length, 0, 'no summary while the tenant check runs');
    assert.equal(await h.jobs.get('job1'), undefined, 'no job before the check is done');

    held.release();
    await h.idle();
    const updates = updatesOf(h, h.adapter.sent[0]?.activity.id);
    assert.equal(updates.length, 1, 'a short file goes straight from “Checking…” to its summary');
    assert.match(textOf(updates[0]), /Recovery file checked: 3 rows/);
    assert.ok(await h.jobs.get('job1'));
  });

  it('shows rows checked on the same card while a long file is checked, then the summary', async () => {
    const h = createHarness();
    slowTenantLookups(h, 3_000);
    await h.say(pastedCsv(600));
    await h.idle();
    const cardId = h.adapter.sent[0]?.activity.id;
    assert.match(textOf(h.adapter.sent[0]), /Checking 600 rows of pasted\.csv…/);
    const updates = updatesOf(h, cardId).map(textOf);
    assert.ok(updates.length >= 2, `a progress update, then the summary: ${updates.length} updates`);
    assert.match(updates[0] ?? '', /\d+ of 600 rows checked so far/);
    assert.match(updates.at(-1) ?? '', /Recovery file checked: 600 rows/);
    assert.equal(h.adapter.sent.length, 1, 'every update went to the one card');
  });

  it('says in one sentence on the same card that the tenant could not be read, and keeps no job', async () => {
    const h = createHarness();
    h.tenant.failNext('listInactiveMailboxes', tenantErrors.timeout());
    await h.say(pastedCsv(2));
    await h.idle();
    const last = h.adapter.updated.at(-1);
    assert.equal(last?.activity.id, h.adapter.sent[0]?.activity.id);
    assert.match(textOf(last), /I could not read the tenant to check pasted\.csv, so nothing was kept/);
    assert.match(textOf(last), /Reference [0-9a-f]{8}/);
    assert.equal(await h.jobs.get('job1'), undefined);
  });

  it('refuses a Submit for a file whose check is still running, in a sentence', async () => {
    const h = createHarness();
    const held = holdTenantLookups(h);
    await h.say(pastedCsv(2));
    await held.started;
    const answer = await h.click('job.submit', { jobId: 'job1', contentHash: 'anything' });
    assert.match(JSON.stringify(answer?.value), /I am still checking this file against the tenant/);
    held.release();
    await h.idle();
    assert.equal((await h.jobs.get('job1'))?.state, 'validated', 'the refused Submit changed nothing');
  });

  it('checks two files sent at once side by side, each summary replacing its own card', async () => {
    const h = createHarness();
    const held = holdTenantLookups(h);
    await h.say(pastedCsv(2, 'first'));
    await h.say(pastedCsv(4, 'second'));
    assert.equal(h.adapter.sent.length, 2, 'both turns answered before either check ends');
    held.release();
    await h.idle();
    const [first, second] = h.adapter.sent.map((entry) => updatesOf(h, entry.activity.id).at(-1));
    assert.match(textOf(first), /Recovery file checked: 2 rows/);
    assert.match(textOf(second), /Recovery file checked: 4 rows/);
    assert.deepEqual((await h.jobs.list({ limit: 10 })).map((job) => job.rowCounts.total).sort(), [2, 4]);
  });

  it('stops a check on shutdown and says on its card to send the file again', async () => {
    const h = createHarness();
    const held = holdTenantLookups(h);
    await h.say(pastedCsv(600));
    await held.started;
    const closing = h.bot.shutdown();
    held.release();
    await closing;
    const last = h.adapter.updated.at(-1);
    assert.equal(last?.activity.id, h.adapter.sent[0]?.activity.id);
    assert.match(
      textOf(last),
      /I was stopped before I finished checking pasted\.csv, and kept nothing of it: send the file again/,
    );
    assert.equal(await h.jobs.get('job1'), undefined);
    assert.equal(h.tenant.callsTo('getUsersByUpn').length, 1, 'the rows after the first chunk were not looked up');
  });

  it('stops a download still running on shutdown instead of waiting for it, and says so on the card', async () => {
    const waiting: ServerResponse[] = [];
    const server = createServer((_request, response) => void waiting.push(response)); // never answers by itself
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/slow.csv`;
    try {
      const h = createHarness({
        settings: { upload: { allowedHosts: ['127.0.0.1'], requireHttps: false, maxBytes: 65536, timeoutMs: 600_000 } },
      });
      const download = { downloadUrl: url, uniqueId: 'u1', fileType: 'csv' };
      const file = { contentType: 'application/vnd.microsoft.teams.file.download.info', name: 'slow.csv' };
      await h.say('', { attachments: [{ ...file, contentUrl: url, content: download }] });
      while (waiting.length === 0) await new Promise((resolve) => setImmediate(resolve));
      await h.bot.shutdown();
      const last = h.adapter.updated.at(-1);
      assert.equal(last?.activity.id, h.adapter.sent[0]?.activity.id);
      assert.match(textOf(last), /I was stopped before I finished checking slow\.csv, and kept nothing of it/);
    } finally {
      for (const response of waiting) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

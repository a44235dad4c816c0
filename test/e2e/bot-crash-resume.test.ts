/**
 * The bot SIGKILLed at random moments while a recovery job runs, and started again each time, as a host would
 * restart it. The tenant (a sandbox in its own process) and the Teams client (the Agents Playground, its own
 * process) outlive every kill, as they would in production; the bot finds them again by its settings
 * (SANDBOX_TENANT_URL, a fixed PORT and DATA_DIR) and resumes the job when it starts. At the end every ready
 * row's every step happened exactly once in the tenant's ledger, the summary reaches the chat with the results
 * file it offers listing every row as completed, and the audit trail verifies. Asked meanwhile, `status` says
 * the job was interrupted and resumed at start-up.
 */
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { playgroundEnvironment } from '../../src/config.ts';
import { startPlayground, type RunningPlayground } from '../../src/wiring/playground.ts';
import {
  assertEveryStepOnce,
  checkAuditTrail,
  licensedUsers,
  randomFrom,
  startCrashTenant,
  type CrashTenant,
} from '../support/crash-tenant.ts';
import { startBotProcess, type BotProcess } from './support/bot-process.ts';
import { freePort } from './support/e2e-stack.ts';
import { startFileServer, type FileServer } from './support/file-server.ts';
import { readLinkedCsv, submitForApproval } from './support/journey-steps.ts';
import { actionByVerb, MEGAN, PlaygroundClient } from './support/playground-client.ts';

// bench/crash-resume.bench.ts runs the same test larger (CRASH_ROWS, CRASH_KILLS); CRASH_SEED moves the kills.
const ROWS = Number(process.env['CRASH_ROWS'] ?? 12);
const KILLS = Number(process.env['CRASH_KILLS'] ?? 6);
const SEED = Number(process.env['CRASH_SEED'] ?? 17);

const stops: (() => unknown)[] = [];
after(async () => {
  for (const stop of stops.reverse()) await stop();
});

describe('a bot killed at random moments while a recovery job runs', () => {
  it('resumes at every start and ends with each step of each row done once, the results complete, the audit intact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mrb-bot-crash-'));
    // Slow enough that the job outlasts six kills on a quiet machine too, now that the job store's own saves are
    // cheap (issue 12): the tenant's latency, not our bookkeeping, must set the pace.
    const tenant: CrashTenant = await startCrashTenant(dir, { rows: ROWS, latencyMs: 100 });
    stops.push(() => tenant.close());
    const port = await freePort();
    const dataDir = join(dir, 'data');
    const settings = {
      DATA_DIR: dataDir,
      PORT: String(port),
      PLAYGROUND: 'false',
      SANDBOX_TENANT_URL: tenant.url,
      PROGRESS_UPDATE_INTERVAL_SECONDS: '1',
      BULK_DELAY_BETWEEN_BATCHES_SECONDS: '0',
      BULK_MAX_CONCURRENCY: '3',
    };
    let bot: BotProcess = await startBotProcess(settings);
    stops.push(() => bot.kill());
    const running: RunningPlayground = await startPlayground({
      botMessagesUrl: `http://127.0.0.1:${port}/api/messages`,
      port: await freePort(),
      environment: playgroundEnvironment(join(dir, 'playground.log')),
    });
    stops.push(() => running.close());
    const playground = new PlaygroundClient(running.url);
    await playground.connect();
    stops.push(() => playground.close());
    const files: FileServer = await startFileServer();
    stops.push(() => files.close());

    // Alex sends the file and submits it; Megan approves: the job starts.
    await playground.uploadFile('crash.csv', files.put('crash.csv', tenant.csv));
    const validation = await playground.waitForCard(`All ${ROWS} rows are ready`);
    const approval = await submitForApproval(playground, validation);
    const { data } = actionByVerb(validation, 'job.submit');
    const jobId = String(data?.['jobId']);
    await playground.clickAs(MEGAN, approval, { type: 'Action.Execute', verb: 'job.approve', data: data ?? {} });

    const random = randomFrom(SEED);
    const doneAtKill: number[] = [];
    let restartMs = 0;
    for (let kill = 0; kill < KILLS; kill += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250 + Math.floor(random() * 750)));
      const licensed = licensedUsers(await tenant.ledger());
      assert.ok(licensed < ROWS, `the job finished after ${kill} kill(s): the test needs more rows or a slower tenant`);
      doneAtKill.push(licensed);
      await bot.kill();
      const restarted = performance.now();
      bot = await startBotProcess(settings);
      restartMs += performance.now() - restarted;
      if (kill === 0) {
        // What Alex sees when asking meanwhile: interrupted, and that the restarted bot carries it on.
        const asked = Date.now();
        await playground.say(`status ${jobId}`);
        await playground.waitForCard(/[Ii]nterrupted by a restart, resumed at start-up/, { after: asked });
      }
    }

    const summary = await playground.waitForCard(`All ${ROWS} rows completed`, { timeoutMs: 60_000 + ROWS * 2_000 });
    assertEveryStepOnce(await tenant.ledger(), ROWS);
    // What the user gets: the results file the summary offers, through its link (signed with the kept key).
    const results = await readLinkedCsv(summary, 'Download results');
    assert.equal(results.length, ROWS, 'the results list every row');
    assert.deepEqual(
      results.map((row) => row['status']),
      results.map(() => 'completed'),
    );
    const jobsSaid = Date.now();
    await playground.say('jobs');
    const listing = await playground.waitForText(new RegExp(`Job ${jobId}:`), { after: jobsSaid });
    assert.match(listing, new RegExp(`Job ${jobId}: recovery of ${ROWS} rows from crash\\.csv, completed`));
    assert.doesNotMatch(listing, /interrupted|running/);

    await bot.stop();
    const { reconciled } = await checkAuditTrail(dataDir);
    console.log(
      `killed ${KILLS} times (rows finished at each kill: ${doneAtKill.join(', ')}; ` +
        `a restart took ${Math.round(restartMs / KILLS)} ms on average); ` +
        `${reconciled} row(s) found in progress were checked against the tenant`,
    );
  });
});

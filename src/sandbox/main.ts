/**
 * `npm run sandbox`: serves a sandbox tenant until Ctrl-C.
 *   --port 7071 --fixture path.json --latency-ms 200 --jitter-ms 100 --concurrency 3 [--concurrency-mode text]
 *   --fault-rate 0.05 --seed 1 --restore-duration-ms 60000 --provisioning-delay-ms 5000 --quiet
 *   --fail New-Mailbox:jane@contoso.com (repeatable: the first matching call of that cmdlet fails for good)
 * `--write-fixture path.json [--seed N --inactive N --active N]` writes a generated fixture and exits.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { generateTenantFixture, loadTenantFixture } from './fixture.ts';
import { startSandboxTenant, type SandboxOptions, type ScriptedFailure } from './sandbox-server.ts';

const { values: flags } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    fixture: { type: 'string' },
    'latency-ms': { type: 'string' },
    'jitter-ms': { type: 'string', default: '0' },
    concurrency: { type: 'string' },
    'concurrency-mode': { type: 'string', default: '429' },
    'fault-rate': { type: 'string', default: '0' },
    seed: { type: 'string', default: '1' },
    'restore-duration-ms': { type: 'string' },
    'provisioning-delay-ms': { type: 'string' },
    'write-fixture': { type: 'string' },
    inactive: { type: 'string' },
    active: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    fail: { type: 'string', multiple: true, default: [] },
  },
});

function readNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`--${name} must be a non-negative number, got "${text}".`);
  return value;
}

/** `--fail <cmdlet>[:<match>]`: one scripted Exchange failure (no match: the cmdlet's next call). */
function readScriptedFailure(text: string): ScriptedFailure {
  const colon = text.indexOf(':');
  const cmdlet = (colon < 0 ? text : text.slice(0, colon)).trim();
  const match = colon < 0 ? '' : text.slice(colon + 1).trim();
  return { api: 'exchange', cmdlet, ...(match ? { match } : {}) };
}

async function writeFixture(path: string): Promise<void> {
  const fixture = generateTenantFixture({
    seed: readNumber('seed', flags.seed),
    inactiveMailboxes: readNumber('inactive', flags.inactive),
    activeUsers: readNumber('active', flags.active),
  });
  await writeFile(path, `${JSON.stringify(fixture, null, 2)}\n`);
  console.log(`Wrote ${fixture.mailboxes.length} mailboxes and ${fixture.users.length} users to ${path}.`);
}

async function serve(): Promise<void> {
  const mode = flags['concurrency-mode'];
  if (mode !== '429' && mode !== 'text') throw new RangeError('--concurrency-mode must be 429 or text.');
  const latency = readNumber('latency-ms', flags['latency-ms']);
  const concurrency = readNumber('concurrency', flags.concurrency);
  const options: SandboxOptions = {
    fixture: flags.fixture ? await loadTenantFixture(flags.fixture) : generateTenantFixture(),
    host: flags.host,
    port: readNumber('port', flags.port),
    latencyMs:
      latency === undefined ? undefined : { mean: latency, jitter: readNumber('jitter-ms', flags['jitter-ms']) ?? 0 },
    exchangeConcurrency: concurrency === undefined ? undefined : { limit: concurrency, mode },
    faultRate: readNumber('fault-rate', flags['fault-rate']),
    seed: readNumber('seed', flags.seed),
    restoreDurationMs: readNumber('restore-duration-ms', flags['restore-duration-ms']),
    userProvisioningDelayMs: readNumber('provisioning-delay-ms', flags['provisioning-delay-ms']),
    log: flags.quiet ? undefined : (line) => console.log(line),
    scriptedFailures: flags.fail.map(readScriptedFailure),
  };
  const tenant = await startSandboxTenant(options);
  console.log(`Sandbox tenant ${tenant.tenantId} (${options.fixture.description ?? 'fixture'})`);
  console.log(`  Exchange: POST ${tenant.exchangeBaseUrl}/adminapi/beta/${tenant.tenantId}/InvokeCommand`);
  console.log(`  Graph:    ${tenant.graphBaseUrl}`);
  console.log(`  Ledger:   ${tenant.url}/_sandbox/ledger   Stats: ${tenant.url}/_sandbox/stats`);
  console.log(
    `  Scripted failures: ${tenant.url}/_sandbox/scripted-failures (${tenant.scriptedFailures().length} armed)`,
  );
  console.log('Any bearer token is accepted ("forbidden" plays an app without its role). Ctrl-C stops.');
  process.once('SIGINT', () => {
    tenant.close().then(
      () => console.log('Sandbox stopped.'),
      (error: unknown) => console.error(`Sandbox did not stop cleanly: ${(error as Error).message}`),
    );
  });
}

const run = flags['write-fixture'] ? writeFixture(flags['write-fixture']) : serve();
run.catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});

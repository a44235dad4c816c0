import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeConfig, loadConfig } from '../src/config.ts';

describe('configuration', () => {
  it('runs against the sandbox tenant with the seed defaults when nothing is set', () => {
    const config = loadConfig({});
    assert.equal(config.tenant, null);
    assert.equal(config.dataDir, 'data');
    assert.deepEqual(
      [config.bulk.batchSize, config.bulk.parallelExecution, config.bulk.stopOnError, config.bulk.retryFailed],
      [10, false, false, true],
    );
    assert.equal(config.bulk.maxRetries, 3);
    assert.equal(config.bulk.delayBetweenBatches, 1);
    assert.deepEqual(config.csvLimits, { maxBytes: 5 * 1024 * 1024, maxRows: 5000 });
    assert.equal(config.exchangeMaxConcurrentCalls, 3);
    assert.equal(config.restorePollIntervalMs, 120_000);
  });

  const badValues: [Record<string, string>, RegExp][] = [
    [{ BULK_BATCH_SIZE: 'ten' }, /^BULK_BATCH_SIZE must be a whole number from 1 to 1000 \(got "ten"\)\.$/],
    [{ BULK_PARALLEL_EXECUTION: 'maybe' }, /^BULK_PARALLEL_EXECUTION must be true or false/],
    [{ BULK_DELAY_BETWEEN_BATCHES_SECONDS: '-1' }, /^BULK_DELAY_BETWEEN_BATCHES_SECONDS must be a number/],
    [{ CSV_MAX_ROWS: '0' }, /^CSV_MAX_ROWS must be a whole number/],
    [{ TENANT_ID: 'contoso.onmicrosoft.com' }, /^CLIENT_ID must be set too/],
    [{ TENANT_ID: 't', CLIENT_ID: 'c' }, /needs a credential: set CERTIFICATE_PATH/],
    [
      { TENANT_ID: 't', CLIENT_ID: 'c', SECRET_CLIENT_SECRET: 's', EXCHANGE_BASE_URL: 'http://x' },
      /^EXCHANGE_BASE_URL must be an https URL/,
    ],
  ];
  for (const [env, message] of badValues) {
    it(`stops with one sentence naming the setting for ${JSON.stringify(env)}`, () => {
      assert.throws(() => loadConfig(env), { name: 'ConfigError', message });
    });
  }

  it('never puts a secret in the printable summary', () => {
    const config = loadConfig({ TENANT_ID: 't-1', CLIENT_ID: 'app-1', SECRET_CLIENT_SECRET: 'Sup3r~Secret.Value' });
    const summary = describeConfig(config);
    assert.match(summary, /tenant t-1 \(app app-1, credential: secret\)/);
    assert.doesNotMatch(summary, /Sup3r/);
  });
});

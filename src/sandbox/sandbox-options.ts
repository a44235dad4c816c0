import type { TenantFixture } from './fixture-types.ts';
import type { ScriptedFailure } from './scripted-failures.ts';
import type { FaultKind } from './transient-knobs.ts';

export interface SandboxOptions {
  fixture: TenantFixture;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 0 (a free port) */
  port?: number;
  /** Added to every tenant call: uniform in [mean − jitter, mean + jitter]. @default none */
  latencyMs?: { mean: number; jitter: number };
  /**
   * More than `limit` InvokeCommand requests in flight → mode '429': 429 + `Retry-After`; mode 'text': HTTP 500
   * with Exchange's plain-text "maximum number of concurrent requests" body. @default no limit
   */
  exchangeConcurrency?: { limit: number; mode: '429' | 'text'; retryAfterSeconds?: number };
  /** More than `limit` Graph requests in flight → 429 + `Retry-After`. @default no limit */
  graphConcurrency?: { limit: number; retryAfterSeconds?: number };
  /** Share of tenant calls (0..1) that misbehave, in one of `faultKinds`. @default 0 */
  faultRate?: number;
  /** @default ['5xx', 'non-json', 'drop'] */
  faultKinds?: FaultKind[];
  /** Seeds fault, latency and id draws. @default 1 */
  seed?: number;
  /** How long a new restore request takes from Queued to its outcome. @default 60000 */
  restoreDurationMs?: number;
  /** How long after New-Mailbox the new user appears in Graph. @default 0 */
  userProvisioningDelayMs?: number;
  /** The clock for restore progress, provisioning delays, skip-token expiry and ledger times. @default Date.now */
  now?: () => number;
  /**
   * Calls that fail for good, armed from the start (more can be armed while running): a matching call does
   * not run and gets a permanent error. @default none
   */
  scriptedFailures?: ScriptedFailure[];
  /** One line per request (never a body, parameter or token). @default silent */
  log?: (line: string) => void;
}

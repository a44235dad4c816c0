/** Everything one running sandbox shares between its endpoints, built once from the options. */
import { SandboxRecorder } from './ledger.ts';
import { createPrng, type Prng } from './prng.ts';
import type { SandboxOptions } from './sandbox-options.ts';
import { ScriptedFailures } from './scripted-failures.ts';
import { TenantState } from './tenant-state.ts';
import { ConcurrencyGate, createFaultRoller, createLatency, FAULT_KINDS, type FaultKind } from './transient-knobs.ts';
import { PageStore } from './page-store.ts';

export interface SandboxContext {
  state: TenantState;
  recorder: SandboxRecorder;
  exchangePages: PageStore;
  now: () => number;
  log: (line: string) => void;
  restoreDurationMs: number;
  userProvisioningDelayMs: number;
  exchangeGate: ConcurrencyGate;
  exchangeConcurrency: SandboxOptions['exchangeConcurrency'];
  graphGate: ConcurrencyGate;
  graphRetryAfterSeconds: number;
  rollFault: () => FaultKind | undefined;
  waitLatency: () => Promise<void>;
  /** Draws ids for objects the sandbox creates (request ids, TAP method ids). */
  prng: Prng;
  scriptedFailures: ScriptedFailures;
}

const SKIP_TOKEN_LIFETIME_MS = 10 * 60_000;

export function createSandboxContext(options: SandboxOptions): SandboxContext {
  const seed = options.seed ?? 1;
  const now = options.now ?? Date.now;
  const prng = createPrng(seed ^ 0x5eed);
  return {
    state: new TenantState(options.fixture, { now, prng }),
    recorder: new SandboxRecorder(now),
    exchangePages: new PageStore(now, SKIP_TOKEN_LIFETIME_MS),
    now,
    log: options.log ?? (() => undefined),
    restoreDurationMs: options.restoreDurationMs ?? 60_000,
    userProvisioningDelayMs: options.userProvisioningDelayMs ?? 0,
    exchangeGate: new ConcurrencyGate(options.exchangeConcurrency?.limit),
    exchangeConcurrency: options.exchangeConcurrency,
    graphGate: new ConcurrencyGate(options.graphConcurrency?.limit),
    graphRetryAfterSeconds: options.graphConcurrency?.retryAfterSeconds ?? 1,
    rollFault: createFaultRoller(options.faultRate ?? 0, options.faultKinds ?? FAULT_KINDS, createPrng(seed)),
    waitLatency: createLatency(options.latencyMs, createPrng(seed + 1)),
    prng,
    scriptedFailures: new ScriptedFailures(options.scriptedFailures),
  };
}

/**
 * What the sandbox saw: a ledger of every write it processed (so tests can prove "exactly once") and call
 * counters (so tests can count remote calls). Secrets never enter either.
 */

export interface LedgerEntry {
  seq: number;
  at: string;
  api: 'exchange' | 'graph';
  /** The cmdlet name, or `METHOD /path/{id}` for Graph. */
  operation: string;
  /** The identity the write acted on, as the caller named it. */
  target: string;
  /** The parameters or body, with secrets replaced by `***`. */
  parameters: Record<string, unknown>;
  outcome: 'ok' | 'error';
  /** The exception type's short name (Exchange) or the error code (Graph). */
  errorCode?: string;
  /** The write happened but the connection was dropped before the response: the caller never heard back. */
  responseDropped?: true;
  /** A scripted failure refused the call: it did not run and changed nothing (`outcome` is `'error'`). */
  scripted?: true;
}

export type FaultCounts = Record<'5xx' | 'non-json' | 'drop', number>;

export interface SandboxStats {
  exchange: {
    /** InvokeCommand HTTP requests that reached the tenant (throttled ones included). */
    requests: number;
    reads: number;
    writes: number;
    byCmdlet: Record<string, number>;
    maxConcurrent: number;
    throttled429: number;
    throttledText: number;
  };
  graph: {
    /** HTTP requests, a `$batch` counting once. */
    requests: number;
    /** Operations: each request inside a `$batch` counts on its own. */
    reads: number;
    writes: number;
    byEndpoint: Record<string, number>;
    batches: number;
    throttled429: number;
  };
  faults: FaultCounts;
  /** Every 429 sent, Exchange and Graph, inner `$batch` responses included. */
  responses429: number;
  unauthorized: number;
  forbidden: number;
}

const SECRET_KEY = /password|secret|temporaryaccesspass|token/i;

/** A copy of `value` with every property whose name looks secret replaced by `***`. */
export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, SECRET_KEY.test(key) ? '***' : redactSecrets(entry)]),
  );
}

function createEmptyStats(): SandboxStats {
  return {
    exchange: { requests: 0, reads: 0, writes: 0, byCmdlet: {}, maxConcurrent: 0, throttled429: 0, throttledText: 0 },
    graph: { requests: 0, reads: 0, writes: 0, byEndpoint: {}, batches: 0, throttled429: 0 },
    faults: { '5xx': 0, 'non-json': 0, drop: 0 },
    responses429: 0,
    unauthorized: 0,
    forbidden: 0,
  };
}

export class SandboxRecorder {
  private readonly entries: LedgerEntry[] = [];
  private counters: SandboxStats = createEmptyStats();
  private readonly now: () => number;

  constructor(now: () => number) {
    this.now = now;
  }

  recordWrite(entry: Omit<LedgerEntry, 'seq' | 'at' | 'parameters'> & { parameters: unknown }): void {
    this.entries.push({
      ...entry,
      seq: this.entries.length + 1,
      at: new Date(this.now()).toISOString(),
      parameters: (redactSecrets(entry.parameters) ?? {}) as Record<string, unknown>,
    });
  }

  /** The number of ledger entries so far: a mark to flag the entries a dropped response carried. */
  get ledgerLength(): number {
    return this.entries.length;
  }

  markDroppedSince(mark: number): void {
    for (const entry of this.entries.slice(mark)) entry.responseDropped = true;
  }

  countOperation(api: 'exchange' | 'graph', name: string, kind: 'read' | 'write'): void {
    const stats = this.counters[api];
    const counts = api === 'exchange' ? this.counters.exchange.byCmdlet : this.counters.graph.byEndpoint;
    counts[name] = (counts[name] ?? 0) + 1;
    if (kind === 'read') stats.reads += 1;
    else stats.writes += 1;
  }

  update(change: (stats: SandboxStats) => void): void {
    change(this.counters);
  }

  ledger(): LedgerEntry[] {
    return structuredClone(this.entries);
  }

  stats(): SandboxStats {
    return structuredClone(this.counters);
  }

  resetStats(): void {
    this.counters = createEmptyStats();
  }
}

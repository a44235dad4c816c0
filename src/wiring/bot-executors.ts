/**
 * The bot's executors. The bot builds them once for its engine, while a validate executor reads one tenant
 * snapshot per executor: so each validate operation gets its own, built from that operation's rows as stored.
 */
import { createValidateExecutor, type TemporaryAccessPassDelivery } from '../operations/executors/index.ts';
import type { BulkOperationType } from '../operations/model.ts';
import { buildTenantSnapshot, type TenantSnapshot } from '../operations/preflight/index.ts';
import type { Clock, ItemExecutor, OperationStore } from '../operations/ports.ts';
import type { ExchangeGateway, GraphGateway } from '../operations/tenant-ports.ts';
import { createExecutors } from './create-executors.ts';
import { preflightOptionsOf } from './preflight-options.ts';

export interface BotExecutorWiring {
  exchange: ExchangeGateway;
  graph: GraphGateway;
  clock: Clock;
  operations: Pick<OperationStore, 'load'>;
  restorePollIntervalMs?: number;
}

type ExecutorSettings = Parameters<typeof createExecutors>[1];

// Validate jobs running at once; older entries only lose their cached snapshot.
const MAX_CACHED_VALIDATIONS = 16;

export function createBotExecutors(
  wiring: BotExecutorWiring,
  settings: ExecutorSettings,
): (delivery: TemporaryAccessPassDelivery) => Record<BulkOperationType, ItemExecutor> {
  return (delivery) => {
    const executors = createExecutors(
      {
        exchange: wiring.exchange,
        graph: wiring.graph,
        clock: wiring.clock,
        secrets: delivery,
        loadSnapshot: () => Promise.reject(new Error('The bot builds validate snapshots per operation.')),
        ...(wiring.restorePollIntervalMs === undefined ? {} : { restorePollIntervalMs: wiring.restorePollIntervalMs }),
      },
      settings,
    );
    return { ...executors, validate: createPerOperationValidate(wiring, settings) };
  };
}

function createPerOperationValidate(wiring: BotExecutorWiring, settings: ExecutorSettings): ItemExecutor {
  const byOperation = new Map<string, ItemExecutor>();
  const executorFor = (jobId: string): ItemExecutor => {
    const existing = byOperation.get(jobId);
    if (existing !== undefined) return existing;
    const executor = createValidateExecutor({
      loadSnapshot: () => loadOperationSnapshot(wiring, jobId),
      preflightOptions: preflightOptionsOf(settings),
    });
    byOperation.set(jobId, executor);
    const oldest = byOperation.keys().next().value;
    if (byOperation.size > MAX_CACHED_VALIDATIONS && oldest !== undefined) byOperation.delete(oldest);
    return executor;
  };
  return { execute: (item, context) => executorFor(context.jobId).execute(item, context) };
}

async function loadOperationSnapshot(wiring: BotExecutorWiring, jobId: string): Promise<TenantSnapshot> {
  const operation = await wiring.operations.load(jobId);
  return buildTenantSnapshot(operation?.items ?? [], 'validate', {
    exchange: wiring.exchange,
    graph: wiring.graph,
    clock: wiring.clock,
  });
}

/**
 * What `GET /healthz` reports: whether the data directory is writable and whether the tenant answers. The
 * tenant probe is one cheap read with a short timeout, cached, so a monitoring loop cannot load the tenant.
 */
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';

export interface HealthReport {
  status: 'ok' | 'degraded';
  dataDir: 'writable' | 'not writable';
  tenant: 'reachable' | 'unreachable';
}

export interface HealthCheckOptions {
  dataDir: string;
  /** A cheap tenant read, e.g. `graph.listDomains()`. */
  probeTenant: () => Promise<unknown>;
  /** @default 3000 */
  timeoutMs?: number;
  /** @default 30000 */
  cacheMs?: number;
  /** @default Date.now */
  now?: () => number;
}

export function createHealthCheck(options: HealthCheckOptions): () => Promise<HealthReport> {
  const timeoutMs = options.timeoutMs ?? 3000;
  const cacheMs = options.cacheMs ?? 30_000;
  const now = options.now ?? Date.now;
  let cached: { at: number; reachable: Promise<boolean> } | undefined;

  const probe = async (): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    try {
      return await Promise.race([
        options.probeTenant().then(
          () => true,
          () => false,
        ),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  };

  return async () => {
    if (cached === undefined || now() - cached.at >= cacheMs) cached = { at: now(), reachable: probe() };
    const [writable, reachable] = await Promise.all([isWritable(options.dataDir), cached.reachable]);
    return {
      status: writable && reachable ? 'ok' : 'degraded',
      dataDir: writable ? 'writable' : 'not writable',
      tenant: reachable ? 'reachable' : 'unreachable',
    };
  };
}

async function isWritable(dir: string): Promise<boolean> {
  try {
    await access(dir, constants.W_OK);
    return true;
  } catch {
    // Missing or read-only: either way jobs could not be saved.
    return false;
  }
}

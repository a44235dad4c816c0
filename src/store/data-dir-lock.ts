/**
 * One writer process per data directory: lowdb rewrites whole files and the audit chain needs a single
 * appender, so a second process must be refused loudly instead of silently corrupting state.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { link, mkdir, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { errorCodeOf } from './durable-fs.ts';

export class DataDirLockedError extends Error {
  readonly code = 'DATA_DIR_LOCKED';
  readonly ownerPid: number;

  constructor(dataDir: string, ownerPid: number, ownerHost?: string) {
    const owner = ownerHost === undefined ? `pid ${ownerPid}` : `pid ${ownerPid} on ${ownerHost}`;
    super(
      `The data directory ${dataDir} is in use by another Mailbox Recovery process (${owner}). ` +
        'Stop it first, or choose another data directory.',
    );
    this.name = 'DataDirLockedError';
    this.ownerPid = ownerPid;
  }
}

/** Several processes kept taking over the same stale lock at once: a start-up race, worth retrying. */
export class DataDirLockContendedError extends Error {
  readonly code = 'DATA_DIR_LOCK_CONTENDED';

  constructor(dataDir: string) {
    super(`Could not take the data directory ${dataDir}: other processes kept taking it at the same time.`);
    this.name = 'DataDirLockContendedError';
  }
}

export interface DataDirLock {
  release(): Promise<void>;
}

interface LockOwner {
  pid: number;
  /** Distinguishes a previous life of the same pid (containers restart as pid 1) from this process. */
  processStartedAt: string;
  host: string;
  token: string;
}

const LOCK_FILE = '.lock';
const PROCESS_STARTED_AT = new Date(Math.round(Date.now() - process.uptime() * 1000)).toISOString();
const TAKEOVER_ATTEMPTS = 5;
// A lock file is created empty and then written: a reader may see it in between, so it looks again.
const UNREADABLE_LOCK_RETRIES = 20;
const UNREADABLE_LOCK_DELAY_MS = 25;

export interface DataDirLockOptions {
  /**
   * How often the holder touches the lock file. A process on another host (a restarted container gets a new
   * host name; the data directory is a shared volume) cannot be checked by pid, so its lock counts as alive
   * only while it is being touched. @default 15 s
   */
  heartbeatMs?: number;
  /** A lock from another host untouched for this long was left by a process that is gone. @default 90 s */
  staleAfterMs?: number;
}

const DEFAULT_HEARTBEAT_MS = 15_000;
const DEFAULT_STALE_AFTER_MS = 90_000;

/**
 * Takes the data directory for this process, creating the directory if missing. Throws `DataDirLockedError`
 * when a live process holds it; takes over a lock left by a process that died (a crash, SIGKILL), on this host
 * by its pid, on another host when its heartbeat stopped.
 */
export async function acquireDataDirLock(dataDir: string, options: DataDirLockOptions = {}): Promise<DataDirLock> {
  const heartbeatMs = options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
  const staleAfterMs = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  await mkdir(dataDir, { recursive: true });
  const lockPath = join(dataDir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    processStartedAt: PROCESS_STARTED_AT,
    host: hostname(),
    token: randomUUID(),
  };
  for (let attempt = 0; attempt < TAKEOVER_ATTEMPTS; attempt += 1) {
    if (await tryCreateLock(lockPath, me)) return holdLock(lockPath, me.token, heartbeatMs);
    const owner = await readOwner(lockPath);
    if (owner === 'missing') continue;
    if (owner !== 'unreadable' && (await isAlive(owner, me, lockPath, { heartbeatMs, staleAfterMs }))) {
      throw new DataDirLockedError(dataDir, owner.pid, owner.host === me.host ? undefined : owner.host);
    }
    await removeStaleLock(lockPath, owner);
  }
  throw new DataDirLockContendedError(dataDir);
}

async function tryCreateLock(lockPath: string, me: LockOwner): Promise<boolean> {
  let handle;
  try {
    handle = await open(lockPath, 'wx');
  } catch (error) {
    if (errorCodeOf(error) === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(JSON.stringify(me));
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function readOwner(lockPath: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  for (let attempt = 0; attempt <= UNREADABLE_LOCK_RETRIES; attempt += 1) {
    const owner = await readOwnerOnce(lockPath);
    if (owner !== 'unreadable') return owner;
    await new Promise((resolve) => setTimeout(resolve, UNREADABLE_LOCK_DELAY_MS));
  }
  // Still empty or garbled: its creator died between creating and writing it.
  return 'unreadable';
}

async function readOwnerOnce(lockPath: string): Promise<LockOwner | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(lockPath, 'utf8');
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return 'missing';
    throw error;
  }
  try {
    const parsed = JSON.parse(text) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || !Number.isInteger(parsed.pid)) return 'unreadable';
    return {
      pid: parsed.pid,
      processStartedAt: String(parsed.processStartedAt ?? ''),
      host: String(parsed.host ?? ''),
      token: String(parsed.token ?? ''),
    };
  } catch {
    return 'unreadable'; // half-written: see UNREADABLE_LOCK_RETRIES
  }
}

/**
 * Touches the lock file while it is held; the timer never keeps the process alive on its own. Each beat first
 * checks the lock is still ours: one taken over after a long stall (a paused machine) is never kept alive for
 * its new owner.
 */
function holdLock(lockPath: string, token: string, heartbeatMs: number): DataDirLock {
  const beat = async (): Promise<void> => {
    const owner = await readOwnerOnce(lockPath);
    if (typeof owner !== 'object' || owner.token !== token) {
      clearInterval(timer);
      return;
    }
    const now = new Date();
    await utimes(lockPath, now, now);
  };
  // A failed touch is retried on the next beat; only a long silence makes another host take over.
  const timer = setInterval(() => void beat().catch(() => undefined), heartbeatMs);
  timer.unref();
  return {
    release: () => {
      clearInterval(timer);
      return releaseLock(lockPath, token);
    },
  };
}

async function isAlive(
  owner: LockOwner,
  me: LockOwner,
  lockPath: string,
  timing: { heartbeatMs: number; staleAfterMs: number },
): Promise<boolean> {
  // A pid on another host cannot be checked from here: its lock is alive while its heartbeat goes on.
  if (owner.host !== me.host) return isStillTouched(lockPath, timing);
  if (owner.pid === me.pid) return owner.processStartedAt === me.processStartedAt;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCodeOf(error) !== 'ESRCH';
  }
}

/**
 * Moves the stale lock aside before deleting it, so that two processes taking over at once cannot delete
 * each other's fresh lock: if what was moved is not the lock we judged stale, it is put back and the caller
 * looks again.
 */
async function removeStaleLock(lockPath: string, stale: LockOwner | 'unreadable'): Promise<void> {
  const asidePath = `${lockPath}.stale-${process.pid}-${randomUUID()}`;
  try {
    await rename(lockPath, asidePath);
  } catch (error) {
    if (errorCodeOf(error) === 'ENOENT') return; // someone else removed it first
    throw error;
  }
  const moved = await readOwnerOnce(asidePath);
  const isTheStaleOne =
    stale === 'unreadable' ? moved === 'unreadable' : typeof moved === 'object' && moved.token === stale.token;
  if (!isTheStaleOne) {
    // Fails only if yet another lock appeared meanwhile; either way the next attempt reads the current owner.
    await link(asidePath, lockPath).catch(() => undefined);
  }
  await unlink(asidePath);
}

/**
 * The other host stamps the lock with its own clock. A recent stamp (by ours) is a live holder; an old one is
 * confirmed by watching for one more beat, so a holder whose clock runs behind ours is not taken for dead.
 * A lock that vanished meanwhile is not alive: the caller looks again.
 */
async function isStillTouched(
  lockPath: string,
  timing: { heartbeatMs: number; staleAfterMs: number },
): Promise<boolean> {
  const touchedAt = (): Promise<number | undefined> =>
    stat(lockPath).then(
      (info) => info.mtimeMs,
      (error: unknown) => {
        if (errorCodeOf(error) === 'ENOENT') return undefined;
        throw error;
      },
    );
  const first = await touchedAt();
  if (first === undefined) return false;
  if (Date.now() - first < timing.staleAfterMs) return true;
  await new Promise((resolve) => setTimeout(resolve, Math.min(2 * timing.heartbeatMs, timing.staleAfterMs)));
  const second = await touchedAt();
  return second !== undefined && second !== first;
}

async function releaseLock(lockPath: string, token: string): Promise<void> {
  const owner = await readOwnerOnce(lockPath);
  // Never remove a lock that is no longer ours (released twice, or taken over after we were presumed dead).
  if (owner === 'missing' || owner === 'unreadable' || owner.token !== token) return;
  await unlink(lockPath).catch((error: unknown) => {
    if (errorCodeOf(error) !== 'ENOENT') throw error;
  });
}

/** `audit <job>`: a short summary of the job's trail, and its entries as a CSV behind a signed link. */
import { writeCsv } from '../../operations/csv/write-csv.ts';
import type { AuditEntry } from '../../operations/ports.ts';
import type { PersonIds } from '../../operations/jobs/index.ts';
import type { BotServices } from '../bot-deps.ts';
import { describeJob } from '../job-cards.ts';
import { loadJob } from './approval.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type AuditServices = Pick<BotServices, 'jobs' | 'readAudit' | 'signLink' | 'vault'>;

const AUDIT_COLUMNS = ['seq', 'ts', 'actor', 'action', 'row', 'details'] as const;
const LISTED_ACTIONS = 6;

export async function auditReply(bot: AuditServices, jobId: string, person: PersonIds): Promise<string> {
  const job = await loadJob(bot, jobId);
  const decided = job.decision ? ` ${job.decision.action}d by ${job.decision.by.name} at ${job.decision.at}.` : '';
  const heading = `${describeJob(job)}${decided} Content hash ${job.contentHash}.`;
  const readAudit = bot.readAudit;
  if (readAudit === undefined) return `${heading} The full trail is in the audit log of the bot's data folder.`;
  const entries = await readAudit(jobId);
  if (entries.length === 0) return `${heading} The audit trail has no entries for this job yet.`;
  await bot.vault.put(jobId, 'audit', writeAuditCsv(entries));
  const link = bot.signLink(jobId, 'audit', `audit-${jobId}.csv`, person);
  const first = entries[0]?.ts ?? '';
  const last = entries.at(-1)?.ts ?? '';
  return [
    heading,
    `${entries.length} audit entries from ${first} to ${last}: ${countActions(entries)}.`,
    `[Download the trail (CSV)](${link})`,
  ].join('\n\n');
}

export function writeAuditCsv(entries: readonly AuditEntry[]): Buffer {
  return writeCsv(
    AUDIT_COLUMNS,
    entries.map((entry) => [
      String(entry.seq),
      entry.ts,
      entry.actor,
      entry.action,
      entry.row === undefined ? '' : String(entry.row),
      JSON.stringify(entry.details),
    ]),
  );
}

/** The most frequent actions first, e.g. "item.completed 1,240, job.approved 1". */
function countActions(entries: readonly AuditEntry[]): string {
  const counts = new Map<string, number>();
  for (const entry of entries) counts.set(entry.action, (counts.get(entry.action) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const listed = sorted.slice(0, LISTED_ACTIONS).map(([action, count]) => `${action} ${count.toLocaleString('en-US')}`);
  const more = sorted.length > LISTED_ACTIONS ? `, and ${sorted.length - LISTED_ACTIONS} more kinds` : '';
  return `${listed.join(', ')}${more}`;
}

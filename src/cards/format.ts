/**
 * Numbers, times and rates as an admin reads them on a card. Cards are read in Teams by people anywhere, so
 * dates say "UTC" rather than guessing a time zone, and numbers use thousands separators.
 */
import type { BulkOperationType } from '../operations/model.ts';

export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** `1 row`, `1,240 rows`. */
export function countNoun(count: number, singular: string, plural = `${singular}s`): string {
  return `${formatCount(count)} ${count === 1 ? singular : plural}`;
}

/** 0..1 as `96.4%`. Never `100%` while something is missing, nor `0%` once something happened. */
export function formatPercent(ratio: number): string {
  const clamped = Math.min(Math.max(ratio, 0), 1);
  let tenths = Math.round(clamped * 1000);
  if (clamped < 1 && tenths === 1000) tenths = 999;
  if (clamped > 0 && tenths === 0) tenths = 1;
  return `${tenths % 10 === 0 ? tenths / 10 : (tenths / 10).toFixed(1)}%`;
}

/** An elapsed time in words: `42 seconds`, `3 minutes 12 seconds`, `2 hours 5 minutes`, `1 day 3 hours`. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.round(totalSeconds));
  if (seconds < 60) return countNoun(seconds, 'second');
  const units: [number, string][] = [
    [86_400, 'day'],
    [3_600, 'hour'],
    [60, 'minute'],
    [1, 'second'],
  ];
  const index = units.findIndex(([size]) => seconds >= size);
  const [bigSize, bigName] = units[index] ?? [1, 'second'];
  const [smallSize, smallName] = units[index + 1] ?? [1, 'second'];
  const big = Math.floor(seconds / bigSize);
  const small = Math.floor((seconds % bigSize) / smallSize);
  return small === 0 ? countNoun(big, bigName) : `${countNoun(big, bigName)} ${countNoun(small, smallName)}`;
}

/** Time left, deliberately rough: an ETA is an estimate. `null` means nothing has finished yet. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null) return 'estimating the time left';
  if (seconds <= 0) return 'almost done';
  if (seconds < 60) return 'less than a minute left';
  const rounded = seconds < 3_600 ? Math.round(seconds / 60) * 60 : Math.round(seconds / 300) * 300;
  return `about ${formatDuration(rounded)} left`;
}

/** Rows finished per minute in words: `42 rows a minute`, `2.5 rows a minute`, `1 row every 4 minutes`. */
export function formatThroughput(perMinute: number): string {
  if (!(perMinute > 0)) return 'no rows finished yet';
  if (perMinute < 1) return `1 row every ${formatDuration(Math.max(1, Math.round(1 / perMinute)) * 60)}`;
  const value = perMinute < 10 ? Math.round(perMinute * 10) / 10 : Math.round(perMinute);
  return `${value.toLocaleString('en-US')} ${value === 1 ? 'row' : 'rows'} a minute`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `24 Mar 2025, 14:05 UTC`; a value that is not a date is shown as given. */
export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const pad = (value: number): string => String(value).padStart(2, '0');
  return (
    `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}, ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())} UTC`
  );
}

/** `24 Mar 2025`; a value that is not a date is shown as given. */
export function formatDate(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Cuts text to `max` characters (an ellipsis included) so one long value cannot flood a card. */
export function shortenText(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1).trimEnd()}…`;
}

const OPERATION_NAMES: Readonly<Record<BulkOperationType, string>> = {
  recovery: 'Recovery',
  restore: 'Restore',
  validate: 'Validation',
  export: 'Export',
};

const OPERATION_DESCRIPTIONS: Readonly<Record<BulkOperationType, string>> = {
  recovery: 'Recover: make a new, active mailbox from each inactive one',
  restore: 'Restore: copy each inactive mailbox into an existing mailbox',
  validate: 'Validate: check the rows against the tenant, change nothing',
  export: 'Export: list the inactive mailboxes and their holds, change nothing',
};

export function describeOperationType(type: BulkOperationType): string {
  return OPERATION_NAMES[type];
}

/** One line saying what the operation does, for choices and help. */
export function explainOperationType(type: BulkOperationType): string {
  return OPERATION_DESCRIPTIONS[type];
}

/**
 * Text from a CSV or the tenant made inert for a TextBlock or a Fact, where Teams renders Markdown: "Markdown
 * is supported in Adaptive Card Textblock field, and Fact.Title and Fact.Value" (Microsoft Learn, "Format
 * cards in Microsoft Teams", https://learn.microsoft.com/en-us/microsoftteams/platform/task-modules-and-cards/cards/cards-format).
 * Without this a display name `[click](https://evil.example)` becomes a link. Each markup character gets a
 * backslash (CommonMark lets any ASCII punctuation be escaped so); `<`, `>` and `&` too, although the page says
 * cards take no HTML, in case a client passes tags or entities through. A TextRun needs none of this: Teams
 * shows its text as is, so prefer one wherever the layout allows.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]()#>+\-`~|<&]/g, '\\$&').replace(/^(\s*\d+)\./gm, '$1\\.');
}

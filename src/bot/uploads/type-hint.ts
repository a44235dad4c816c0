import type { BulkOperationType } from '../../operations/model.ts';

const TYPE_WORDS: readonly { type: BulkOperationType; pattern: RegExp }[] = [
  { type: 'recovery', pattern: /\b(recover|recovers|recovered|recovering|recovery)\b/i },
  { type: 'restore', pattern: /\b(restore|restores|restored|restoring)\b/i },
  { type: 'validate', pattern: /\b(validate|validates|validating|validation)\b/i },
  { type: 'export', pattern: /\b(export|exports|exporting)\b/i },
];

/**
 * The operation a message asks for ("please restore these"), or null when it names none or several: a
 * guess between two would run the wrong operation, so the bot asks instead.
 */
export function detectTypeHint(message: string): BulkOperationType | null {
  const named = TYPE_WORDS.filter(({ pattern }) => pattern.test(message));
  return named.length === 1 ? (named[0]?.type ?? null) : null;
}

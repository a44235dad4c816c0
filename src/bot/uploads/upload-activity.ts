/**
 * The parts of a Teams message activity the upload intake reads. Plain data, so the intake does not depend on
 * botbuilder: the bot passes `context.activity` as it is.
 */
import type { BulkOperationType } from '../../operations/model.ts';

export interface UploadAttachment {
  contentType: string;
  name?: string;
  contentUrl?: string;
  /** Untrusted: parsed field by field before use. */
  content?: unknown;
}

export interface UploadActivity {
  attachments?: readonly UploadAttachment[];
  text?: string;
  conversation: { conversationType?: 'personal' | 'groupChat' | 'channel' | (string & {}) };
}

/** What a message brings: a file to download at once, CSV text, nothing, or something to explain. */
export type UploadPick =
  | {
      kind: 'file';
      name: string;
      /** Pre-authenticated and short-lived: download it at once, and never log or echo it. */
      downloadUrl: string;
      uniqueId: string | null;
      typeHint: BulkOperationType | null;
    }
  | { kind: 'pasted'; text: string; typeHint: BulkOperationType | null }
  | { kind: 'none' }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'channel-file'; message: string };

export const FILE_DOWNLOAD_INFO = 'application/vnd.microsoft.teams.file.download.info';

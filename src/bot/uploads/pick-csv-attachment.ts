/**
 * Decides what an incoming message brings for a bulk job: a file to download, CSV text pasted in it, a
 * file Teams withheld (channel or group chat), something that is not a CSV, or nothing at all.
 */
import { explainChannelFile } from './channel-file.ts';
import { pickFileAttachment } from './file-attachment.ts';
import { findPastedCsv, isHeaderCell } from './pasted-csv.ts';
import { looksLikeHtml, splitHtmlMessage, splitMarkdownMessage, type MessageSegment } from './teams-html.ts';
import { detectTypeHint } from './type-hint.ts';
import type { UploadActivity, UploadPick } from './upload-activity.ts';

const IMAGE_REASON =
  'That is an image, and I read CSV files: send the .csv file in our 1:1 chat, or paste its text in a code block.';

function isHtmlAttachment(contentType: string): boolean {
  return contentType.trim().toLowerCase() === 'text/html';
}

/** The message as Teams gave it: its HTML body first (code blocks and tables survive there), then `text`. */
function messageSources(activity: UploadActivity): MessageSegment[][] {
  const sources: MessageSegment[][] = [];
  for (const attachment of activity.attachments ?? []) {
    if (isHtmlAttachment(attachment.contentType) && typeof attachment.content === 'string') {
      sources.push(splitHtmlMessage(attachment.content, isHeaderCell));
    }
  }
  const text = activity.text ?? '';
  if (text.trim() !== '') {
    sources.push(looksLikeHtml(text) ? splitHtmlMessage(text, isHeaderCell) : splitMarkdownMessage(text, isHeaderCell));
  }
  return sources;
}

function proseOf(sources: readonly MessageSegment[][]): string {
  return sources.map((segments) => segments.map((segment) => segment.text).join('\n')).join('\n');
}

/** Reads a message activity; nothing is fetched here (see `downloadUpload`). */
export function pickCsvAttachment(activity: UploadActivity): UploadPick {
  const sources = messageSources(activity);
  const file = pickFileAttachment(activity.attachments ?? []);
  if (file?.kind === 'file') return { ...file, typeHint: detectTypeHint(proseOf(sources)) };
  if (file !== null) return file;

  for (const segments of sources) {
    const pasted = findPastedCsv(segments);
    if (pasted !== null) return { kind: 'pasted', text: pasted.csv, typeHint: detectTypeHint(pasted.prose) };
  }

  const channelMessage = explainChannelFile(activity);
  if (channelMessage !== null) return { kind: 'channel-file', message: channelMessage };
  if ((activity.attachments ?? []).some((attachment) => /^image\//i.test(attachment.contentType.trim()))) {
    return { kind: 'unsupported', reason: IMAGE_REASON };
  }
  return { kind: 'none' };
}

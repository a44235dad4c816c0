/**
 * The file a 1:1 message carries: Teams' `file.download.info` attachment, found by content type (its index
 * varies, and a `text/html` body usually comes with it). The name's extension decides, because `fileType`
 * is not always there.
 */
import { FILE_DOWNLOAD_INFO, type UploadAttachment } from './upload-activity.ts';

export type FilePick =
  | { kind: 'file'; name: string; downloadUrl: string; uniqueId: string | null }
  | { kind: 'unsupported'; reason: string };

// Excel's "Unicode text" is a tab-separated .txt; some tools write .tsv.
const CSV_EXTENSIONS = new Set(['csv', 'tsv', 'txt']);
const WORKBOOK_EXTENSIONS = new Set(['xlsx', 'xlsm', 'xlsb', 'xls', 'ods', 'numbers']);
const SAVE_AS_CSV = 'in Excel choose File > Save As > "CSV UTF-8 (Comma delimited) (*.csv)" and send that file.';
const MAX_SHOWN_NAME = 80;

interface DownloadInfo {
  name: string;
  extension: string | null;
  downloadUrl: string | null;
  uniqueId: string | null;
}

function stringField(value: unknown, key: string): string | null {
  if (typeof value !== 'object' || value === null || !(key in value)) return null;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' && field.trim() !== '' ? field.trim() : null;
}

function extensionOf(name: string): string | null {
  const match = /\.([A-Za-z0-9]{1,10})$/.exec(name.trim());
  return match?.[1]?.toLowerCase() ?? null;
}

function readDownloadInfo(attachment: UploadAttachment): DownloadInfo {
  const fileType = stringField(attachment.content, 'fileType')?.toLowerCase().replace(/^\./, '') ?? null;
  const givenName = attachment.name?.trim() ?? '';
  const extension = extensionOf(givenName) ?? fileType;
  return {
    name: givenName !== '' ? givenName : `upload.${extension ?? 'csv'}`,
    extension,
    downloadUrl: stringField(attachment.content, 'downloadUrl'),
    uniqueId: stringField(attachment.content, 'uniqueId'),
  };
}

function shownName(name: string): string {
  return name.length <= MAX_SHOWN_NAME ? name : `${name.slice(0, MAX_SHOWN_NAME - 1)}…`;
}

function notCsvReason(info: DownloadInfo): string {
  const name = shownName(info.name);
  if (info.extension !== null && WORKBOOK_EXTENSIONS.has(info.extension)) {
    return `${name} is a spreadsheet workbook and I read CSV files: ${SAVE_AS_CSV}`;
  }
  return `${name} is not a CSV file: send the list as a .csv file (UTF-8), or paste its text in a code block.`;
}

export function isFileDownloadInfo(attachment: UploadAttachment): boolean {
  return attachment.contentType.trim().toLowerCase() === FILE_DOWNLOAD_INFO;
}

/** The CSV file of the message, a sentence saying why it cannot be used, or null when no file came. */
export function pickFileAttachment(attachments: readonly UploadAttachment[]): FilePick | null {
  const files = attachments.filter(isFileDownloadInfo).map(readDownloadInfo);
  if (files.length === 0) return null;
  const csvFiles = files.filter((file) => file.extension !== null && CSV_EXTENSIONS.has(file.extension));
  if (csvFiles.length > 1) {
    return {
      kind: 'unsupported',
      reason: `You sent ${csvFiles.length} CSV files: send one per message, so that each gets its own validation.`,
    };
  }
  const [file] = csvFiles;
  if (file === undefined) return { kind: 'unsupported', reason: notCsvReason(files[0] as DownloadInfo) };
  if (file.downloadUrl === null) {
    return {
      kind: 'unsupported',
      reason: `Teams did not give me a download link for ${shownName(file.name)}: send the file again.`,
    };
  }
  return { kind: 'file', name: file.name, downloadUrl: file.downloadUrl, uniqueId: file.uniqueId };
}

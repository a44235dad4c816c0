export { pickCsvAttachment } from './pick-csv-attachment.ts';
export { detectTypeHint } from './type-hint.ts';
export { downloadUpload, type DownloadOptions } from './download-upload.ts';
export { checkDownloadUrl, type DownloadPolicy } from './download-policy.ts';
export type { DownloadFailureCode, DownloadResult } from './download-result.ts';
export { FILE_DOWNLOAD_INFO, type UploadActivity, type UploadAttachment, type UploadPick } from './upload-activity.ts';

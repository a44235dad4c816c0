export type DownloadFailureCode =
  | 'INVALID_URL'
  | 'HOST_NOT_ALLOWED'
  | 'NOT_HTTPS'
  | 'REDIRECT_REFUSED'
  | 'TOO_LARGE'
  | 'TIMEOUT'
  | 'DOWNLOAD_FAILED'
  | 'SHARING_PAGE';

/** An expected outcome, never thrown: `message` is one sentence an admin can act on. */
export type DownloadResult =
  | { ok: true; bytes: Uint8Array; contentType: string | null }
  | { ok: false; code: DownloadFailureCode; message: string };

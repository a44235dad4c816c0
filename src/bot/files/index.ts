export { FILE_KINDS, FileLinkError, isFileKind, type FileKind, type FileLinkErrorCode } from './file-kinds.ts';
export { createFileVault, type FileVault, type FileVaultOptions } from './file-vault.ts';
export {
  LINK_NOT_VALID,
  contentDispositionFor,
  serveSignedFile,
  type ServeFileDependencies,
  type ServedFile,
} from './serve-file.ts';
export {
  DEFAULT_LINK_TTL_MS,
  MIN_LINK_SECRET_BYTES,
  createLinkSigner,
  type FileLinkClaims,
  type FileLinkRequest,
  type LinkSigner,
  type LinkSignerOptions,
  type LinkVerdict,
} from './signed-links.ts';
export { serveSandboxFile, type SandboxFile, type SandboxFilesOptions } from './sandbox-files.ts';

/** The bot's drafts (a file awaiting its type, a wizard in progress) in the data directory, bytes as base64. */
import type { BotDeps, PendingUpload, WizardState } from '../bot/bot-deps.ts';
import type { DataDir } from '../store/data-dir.ts';
import { openFileDraftStore } from '../store/file-draft-store.ts';

type StoredUpload = Omit<PendingUpload, 'bytes'> & { bytesBase64: string };

export async function openBotDrafts(dataDir: DataDir): Promise<NonNullable<BotDeps['drafts']>> {
  const pendingUploads = await openFileDraftStore<PendingUpload>(dataDir, 'pending-uploads', {
    encode: ({ bytes, ...rest }): StoredUpload => ({ ...rest, bytesBase64: Buffer.from(bytes).toString('base64') }),
    decode: (stored) => {
      const { bytesBase64, ...rest } = stored as StoredUpload;
      return { ...rest, bytes: new Uint8Array(Buffer.from(bytesBase64, 'base64')) };
    },
  });
  const wizards = await openFileDraftStore<WizardState>(dataDir, 'wizards');
  return { pendingUploads, wizards };
}

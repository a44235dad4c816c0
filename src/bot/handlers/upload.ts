/** A CSV arrives (file in the 1:1 chat, or pasted text anywhere): answer at once, then check it after the reply. */
import type { UploadPick } from '../uploads/index.ts';
import { downloadUpload } from '../uploads/index.ts';
import type { BotServices } from '../bot-deps.ts';
import type { Turn } from '../turn.ts';
import { checkAfterReply, fileAtHand, type ValidateFileServices } from './validate-file.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type UploadServices = Pick<BotServices, 'settings'> & ValidateFileServices;

type CsvPick = Extract<UploadPick, { kind: 'file' | 'pasted' }>;

export async function handleUpload(bot: UploadServices, turn: Turn, pick: CsvPick): Promise<void> {
  if (pick.kind === 'pasted') {
    const bytes = new TextEncoder().encode(pick.text);
    return checkAfterReply(bot, turn, fileAtHand({ fileName: 'pasted.csv', bytes, type: pick.typeHint }));
  }
  // The download too runs after the reply: it may take up to UPLOAD_TIMEOUT_SECONDS, longer than a turn may.
  return checkAfterReply(bot, turn, {
    fileName: pick.name,
    type: pick.typeHint,
    rowCount: null,
    load: async (signal) => {
      const download = await downloadUpload(pick.downloadUrl, { ...bot.settings.upload, signal });
      return download.ok ? { ok: true, bytes: download.bytes } : { ok: false, message: download.message };
    },
  });
}

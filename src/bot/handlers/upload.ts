/** A CSV arrives (file in the 1:1 chat, or pasted text anywhere): answer at once, then validate it. */
import type { UploadPick } from '../uploads/index.ts';
import { downloadUpload } from '../uploads/index.ts';
import type { BotServices } from '../bot-deps.ts';
import type { Turn } from '../turn.ts';
import { turnChannel, validateFile, type ValidateFileServices } from './validate-file.ts';

/** What this file's handlers use of the bot (and of the handlers they call). */
export type UploadServices = Pick<BotServices, 'settings'> & ValidateFileServices;

type CsvPick = Extract<UploadPick, { kind: 'file' | 'pasted' }>;

export async function handleUpload(bot: UploadServices, turn: Turn, pick: CsvPick): Promise<void> {
  if (pick.kind === 'pasted') {
    const bytes = new TextEncoder().encode(pick.text);
    return validateFile(bot, turn, { fileName: 'pasted.csv', bytes, type: pick.typeHint }, turnChannel(turn));
  }
  const download = await downloadUpload(pick.downloadUrl, bot.settings.upload);
  if (!download.ok) {
    await turn.context.sendActivity(download.message);
    return;
  }
  const file = { fileName: pick.name, bytes: download.bytes, type: pick.typeHint };
  return validateFile(bot, turn, file, turnChannel(turn));
}

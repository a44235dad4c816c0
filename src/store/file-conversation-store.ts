/**
 * The bot's conversations in `<dataDir>/conversations.json` (lowdb). It takes no lock of its own: the
 * operation store's data-directory lock already makes this process the only writer.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { JSONFile } from 'lowdb/node';
import {
  createConversationStoreOver,
  emptyConversationDocument,
  type ConversationDocument,
  type ConversationStore,
} from '../bot/conversation-store.ts';

export async function openFileConversationStore(dataDir: string): Promise<ConversationStore> {
  await mkdir(dataDir, { recursive: true });
  const file = new JSONFile<ConversationDocument>(join(dataDir, 'conversations.json'));
  let cached = { ...emptyConversationDocument(), ...((await file.read()) ?? {}) };
  return createConversationStoreOver(
    async () => structuredClone(cached),
    async (document) => {
      await file.write(document);
      cached = structuredClone(document);
    },
  );
}

/**
 * The bot's conversations in `<dataDir>/conversations.json` (lowdb), opened on a held `DataDir` like every
 * store. The logic is the port's own (operations/conversation-store.ts); this file only persists it.
 */
import { JSONFile } from 'lowdb/node';
import {
  createConversationStoreOver,
  emptyConversationDocument,
  type ConversationDocument,
  type ConversationStore,
} from '../operations/conversation-store.ts';
import type { DataDir } from './data-dir.ts';
import { StoreClosedError } from './store-errors.ts';

export async function openFileConversationStore(dataDir: DataDir): Promise<ConversationStore> {
  if (dataDir.closed) throw new StoreClosedError('data directory');
  const file = new JSONFile<ConversationDocument>(dataDir.resolve('conversations.json'));
  let cached = { ...emptyConversationDocument(), ...((await file.read()) ?? {}) };
  return createConversationStoreOver(
    async () => structuredClone(cached),
    async (document) => {
      await file.write(document);
      cached = structuredClone(document);
    },
  );
}

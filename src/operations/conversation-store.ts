/**
 * Where the bot remembers conversations between turns: how to reach each one proactively (progress cards,
 * summaries, Temporary Access Passes), whether it was welcomed, and which channel gets completion summaries.
 */

/** A conversation reference as plain JSON (the fields `continueConversationAsync` needs). */
export interface StoredReference {
  channelId: string;
  serviceUrl: string;
  conversation: { id: string; conversationType?: string; tenantId?: string; isGroup?: boolean; name?: string };
  bot?: { id: string; name?: string };
  user?: { id: string; name?: string; aadObjectId?: string };
}

export type StoredUser = NonNullable<StoredReference['user']>;

export interface ConversationStore {
  /** Remembers the conversation, and for a 1:1 chat also the user's personal chat. */
  saveReference(reference: StoredReference): Promise<void>;
  getReference(conversationId: string): Promise<StoredReference | undefined>;
  /** The 1:1 chat of a user (Teams id or Entra object id): the only place secrets are sent. */
  getPersonalReference(userId: string): Promise<StoredReference | undefined>;
  /**
   * A user (Teams id or Entra object id) as the bot last saw them in any conversation, for their name and
   * Teams id; undefined when they never wrote where the bot is.
   */
  findUser(userId: string): Promise<StoredUser | undefined>;
  /** Marks the conversation welcomed; resolves true only the first time. */
  markWelcomed(conversationId: string): Promise<boolean>;
  setNotificationChannel(reference: StoredReference): Promise<void>;
  getNotificationChannel(): Promise<StoredReference | undefined>;
  /** A stored reference that Teams says is gone (404 / 403): forget it. */
  forget(conversationId: string): Promise<void>;
}

export interface ConversationDocument {
  references: Record<string, StoredReference>;
  personal: Record<string, string>;
  welcomed: string[];
  notificationChannel: StoredReference | null;
}

export function emptyConversationDocument(): ConversationDocument {
  return { references: {}, personal: {}, welcomed: [], notificationChannel: null };
}

/** The store's logic over any document holder: the file store persists it, tests keep it in memory. */
export function createConversationStoreOver(
  read: () => Promise<ConversationDocument>,
  write: (document: ConversationDocument) => Promise<void>,
): ConversationStore {
  let tail: Promise<unknown> = Promise.resolve();
  // One change at a time: a read-modify-write per call, so two turns cannot lose each other's change.
  const change = <T>(apply: (document: ConversationDocument) => T): Promise<T> => {
    const run = tail.then(async () => {
      const document = await read();
      const result = apply(document);
      await write(document);
      return result;
    });
    tail = run.catch(() => undefined);
    return run;
  };
  return {
    saveReference: (reference) =>
      change((document) => {
        document.references[reference.conversation.id] = structuredClone(reference);
        if (reference.conversation.conversationType === 'personal' && reference.user) {
          for (const id of [reference.user.id, reference.user.aadObjectId]) {
            if (id) document.personal[id.toLowerCase()] = reference.conversation.id;
          }
        }
      }),
    getReference: async (conversationId) => structuredClone((await read()).references[conversationId]),
    getPersonalReference: async (userId) => {
      const document = await read();
      const conversationId = document.personal[userId.toLowerCase()];
      return conversationId === undefined ? undefined : structuredClone(document.references[conversationId]);
    },
    findUser: async (userId) => {
      const wanted = userId.toLowerCase();
      const document = await read();
      // Their own chat first: it names them as they are now; any other conversation names them as last seen.
      const personal = document.personal[wanted];
      const candidates = [
        ...(personal === undefined ? [] : [document.references[personal]]),
        ...Object.values(document.references),
      ];
      const user = candidates
        .map((reference) => reference?.user)
        .find(
          (found) => found !== undefined && [found.id, found.aadObjectId].some((id) => id?.toLowerCase() === wanted),
        );
      return structuredClone(user);
    },
    markWelcomed: (conversationId) =>
      change((document) => {
        if (document.welcomed.includes(conversationId)) return false;
        document.welcomed.push(conversationId);
        return true;
      }),
    setNotificationChannel: (reference) =>
      change((document) => {
        document.notificationChannel = structuredClone(reference);
      }),
    getNotificationChannel: async () => structuredClone((await read()).notificationChannel ?? undefined),
    forget: (conversationId) =>
      change((document) => {
        delete document.references[conversationId];
        if (document.notificationChannel?.conversation.id === conversationId) document.notificationChannel = null;
      }),
  };
}

export function createMemoryConversationStore(): ConversationStore {
  let document = emptyConversationDocument();
  return createConversationStoreOver(
    async () => structuredClone(document),
    async (next) => {
      document = structuredClone(next);
    },
  );
}

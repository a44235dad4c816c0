/**
 * Drives the Agents Playground the way its web page does, over its internal HTTP + WebSocket API (pinned
 * 0.2.28, see PLAYGROUND.md): what a user says or clicks goes in by HTTP; what the bot shows comes back as
 * WebSocket frames, each kept with the time it arrived.
 */
import WebSocket from 'ws';

export interface CardAction {
  type: string;
  title?: string;
  verb?: string;
  url?: string;
  data?: Record<string, unknown>;
}

export interface BotMessage {
  messageId: string;
  text?: string;
  attachments?: { contentType: string; content?: unknown }[];
}

export interface Frame {
  action: 'createMessage' | 'updateMessage' | 'typing' | string;
  conversationId: string;
  message: BotMessage;
  receivedAt: number;
}

export interface PlaygroundIds {
  personalChatId: string;
  currentUserId: string;
}

/** What a click changed: the card that replaces the clicked one, or a sentence shown instead. */
export interface InvokeAnswer {
  card: BotMessage | undefined;
  text: string | undefined;
}

export const ALEX = { id: 'user-id-0', name: 'Alex Wilber' };
export const MEGAN = { id: 'user-id-1', name: 'Megan Bowen' };

export class PlaygroundClient {
  readonly frames: Frame[] = [];
  private socket: WebSocket | undefined;
  private listeners: (() => void)[] = [];
  private ids: PlaygroundIds | undefined;

  constructor(readonly url: string) {}

  /** Opens the frame stream first: frames go to every connected client and are buffered only while none is. */
  async connect(): Promise<PlaygroundIds> {
    const socket = new WebSocket(`${this.url.replace(/^http/, 'ws')}/_ws_conversation/v1/conversations/stream`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    socket.on('message', (data) => this.record(String(data)));
    this.socket = socket;
    const answer = (await this.getJson('/_internal/v1/testConfig')) as {
      config: { personalChat: { id: string }; currentUser: { id: string } };
    };
    this.ids = { personalChatId: answer.config.personalChat.id, currentUserId: answer.config.currentUser.id };
    return this.ids;
  }

  get personalChatId(): string {
    if (this.ids === undefined) throw new Error('connect() first');
    return this.ids.personalChatId;
  }

  close(): void {
    this.socket?.terminate();
  }

  /** The user types a message in the personal chat. */
  async say(text: string, from = ALEX): Promise<void> {
    await this.postJson(`/_conversation/v1/conversations/${encodeURIComponent(this.personalChatId)}/messages`, {
      from: { id: from.id },
      text,
      textFormat: 'plain',
    });
  }

  /**
   * The current user clicks an Action.Execute button. The bot's invoke response is what Teams shows in place
   * of the card: the new card (same message id), or a message in `text`.
   */
  async click(message: BotMessage, action: CardAction): Promise<InvokeAnswer> {
    const answer = await this.postJson('/_conversation/v1/invoke', {
      name: 'adaptiveCard/action',
      conversation: { id: this.personalChatId },
      from: { id: ALEX.id },
      replyToId: message.messageId,
      value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data ?? {} } },
    });
    return toInvokeAnswer(message, answer.body);
  }

  /**
   * Any activity, sent to the bot unchanged (an upload, a click by another user). The Playground's own
   * invoke endpoint refuses a `from` other than its current user, so a second approver comes this way.
   */
  async sendCustomActivity(activity: Record<string, unknown>): Promise<{ status: number; body: unknown }> {
    const template = (await this.getJson(
      `/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(this.personalChatId)}`,
    )) as Record<string, unknown>;
    return this.postJson('/_internal/v1/customActivities', { ...template, ...activity });
  }

  /** A user sends a CSV file the way Teams delivers one in a 1:1 chat: a link the bot downloads. */
  async uploadFile(name: string, downloadUrl: string, from = ALEX): Promise<void> {
    await this.sendCustomActivity({
      type: 'message',
      text: '',
      from: { id: from.id, name: from.name },
      attachments: [
        {
          contentType: 'application/vnd.microsoft.teams.file.download.info',
          name,
          contentUrl: downloadUrl,
          content: { downloadUrl, uniqueId: `e2e-${name}`, fileType: 'csv' },
        },
      ],
    });
  }

  /** Another user clicks an Action.Execute button (through a custom invoke activity). */
  async clickAs(user: { id: string; name: string }, message: BotMessage, action: CardAction): Promise<InvokeAnswer> {
    const answer = await this.sendCustomActivity({
      type: 'invoke',
      name: 'adaptiveCard/action',
      from: { id: user.id, name: user.name },
      replyToId: message.messageId,
      value: { action: { type: 'Action.Execute', verb: action.verb, data: action.data ?? {} } },
    });
    return toInvokeAnswer(message, answer.body);
  }

  /** Resolves with the first frame (already seen or still to come) that matches. */
  waitForFrame(matches: (frame: Frame) => boolean, what: string, timeoutMs = 60_000): Promise<Frame> {
    const seen = this.frames.find(matches);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((listener) => listener !== check);
        reject(new Error(`Timed out waiting for ${what}; the bot said:\n${this.transcript()}`));
      }, timeoutMs);
      const check = (): void => {
        const frame = this.frames.find(matches);
        if (frame === undefined) return;
        clearTimeout(timer);
        this.listeners = this.listeners.filter((listener) => listener !== check);
        resolve(frame);
      };
      this.listeners.push(check);
    });
  }

  /** Waits for a card whose text contains `text` (created, or an update of an earlier message). */
  async waitForCard(text: string | RegExp, options: { after?: number; timeoutMs?: number } = {}): Promise<BotMessage> {
    const after = options.after ?? 0;
    const frame = await this.waitForFrame(
      (candidate) =>
        candidate.receivedAt >= after &&
        candidate.action !== 'typing' &&
        cardsOf(candidate.message).some((card) => matchesText(cardText(card), text)),
      `a card saying ${String(text)}`,
      options.timeoutMs,
    );
    return frame.message;
  }

  /** Waits for a plain message whose text contains `text`. */
  async waitForText(text: string | RegExp, options: { after?: number; timeoutMs?: number } = {}): Promise<string> {
    const after = options.after ?? 0;
    const frame = await this.waitForFrame(
      (candidate) =>
        candidate.receivedAt >= after &&
        candidate.action !== 'typing' &&
        matchesText(candidate.message.text ?? '', text),
      `a message saying ${String(text)}`,
      options.timeoutMs,
    );
    return frame.message.text ?? '';
  }

  /** Everything the bot showed so far, one line each: for failure messages. */
  transcript(): string {
    return this.frames
      .filter((frame) => frame.action !== 'typing')
      .map((frame) => {
        const card = cardsOf(frame.message)
          .map((content) => cardText(content).slice(0, 300))
          .join(' | ');
        return `  ${frame.action} ${frame.message.messageId}: ${frame.message.text ?? ''} ${card}`;
      })
      .join('\n');
  }

  private record(raw: string): void {
    let parsed: { action?: string; actionConversationId?: string; message?: BotMessage };
    try {
      parsed = JSON.parse(raw) as typeof parsed;
    } catch {
      return; // not a conversation frame (the stream also carries pings)
    }
    if (parsed.action === undefined || parsed.message === undefined) return;
    this.frames.push({
      action: parsed.action,
      conversationId: parsed.actionConversationId ?? '',
      message: parsed.message,
      receivedAt: Date.now(),
    });
    for (const listener of [...this.listeners]) listener();
  }

  private async getJson(path: string): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`);
    if (!response.ok) throw new Error(`GET ${path} → ${response.status} ${await response.text()}`);
    return response.json();
  }

  private async postJson(path: string, body: unknown): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text === '' ? undefined : JSON.parse(text);
    } catch {
      // a plain-text answer stays text
    }
    if (response.status >= 400) throw new Error(`POST ${path} → ${response.status} ${text.slice(0, 500)}`);
    return { status: response.status, body: parsed };
  }
}

function toInvokeAnswer(clicked: BotMessage, body: unknown): InvokeAnswer {
  const answer = (body ?? {}) as { type?: string; value?: unknown };
  if (answer.type === 'application/vnd.microsoft.card.adaptive') {
    const card = {
      messageId: clicked.messageId,
      attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: answer.value }],
    };
    return { card, text: undefined };
  }
  return { card: undefined, text: typeof answer.value === 'string' ? answer.value : undefined };
}

function matchesText(haystack: string, needle: string | RegExp): boolean {
  return typeof needle === 'string' ? haystack.includes(needle) : needle.test(haystack);
}

/** The Adaptive Cards a message carries. */
export function cardsOf(message: BotMessage): Record<string, unknown>[] {
  return (message.attachments ?? [])
    .filter((attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive')
    .map((attachment) => attachment.content as Record<string, unknown>);
}

/** All the text a card shows, joined: what a reader would see, for matching. */
export function cardText(card: unknown): string {
  const parts: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    for (const key of ['text', 'title', 'value', 'label', 'placeholder']) {
      if (typeof element[key] === 'string') parts.push(element[key]);
    }
    for (const [key, value] of Object.entries(element)) {
      if (key !== 'data' && typeof value === 'object') walk(value);
    }
  };
  walk(card);
  return parts.join('\n');
}

/** The card's Action.Execute / OpenUrl buttons, wherever they sit (actions, action sets, show-cards). */
export function actionsOf(message: BotMessage): CardAction[] {
  const actions: CardAction[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (node === null || typeof node !== 'object') return;
    const element = node as Record<string, unknown>;
    if (typeof element.type === 'string' && element.type.startsWith('Action.'))
      actions.push(element as unknown as CardAction);
    for (const [key, value] of Object.entries(element)) if (key !== 'data' && typeof value === 'object') walk(value);
  };
  cardsOf(message).forEach(walk);
  return actions;
}

export function actionByVerb(message: BotMessage, verb: string): CardAction {
  const action = actionsOf(message).find((candidate) => candidate.verb === verb);
  if (action === undefined) {
    const verbs = actionsOf(message).map((candidate) => candidate.verb ?? candidate.title);
    throw new Error(`No button with verb ${verb} on the card (it has ${verbs.join(', ')})`);
  }
  return action;
}

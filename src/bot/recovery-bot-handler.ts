/**
 * The thin botbuilder layer: remember the conversation, welcome once, route messages (upload or command) and
 * card clicks (one handler per verb). Every failure reaches the user as one sentence and a correlation id.
 */
import {
  TeamsActivityHandler,
  TurnContext,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type FileConsentCardResponse,
} from 'botbuilder';
import { renderWelcomeCard } from '../cards/index.ts';
import type { BotServices } from './bot-deps.ts';
import { parseCardAction } from './action-data.ts';
import { runCommand } from './handlers/commands.ts';
import { acceptResultsFile, declineResultsFile } from './handlers/results-file.ts';
import { handleUpload } from './handlers/upload.ts';
import { toStoredReference } from './proactive.ts';
import { BotUserError, cardMessage, describeFailure, invokeCard } from './reply.ts';
import { readTurn } from './turn.ts';
import { pickCsvAttachment } from './uploads/index.ts';
import { VERB_HANDLERS } from './verb-handlers.ts';

export class RecoveryBotHandler extends TeamsActivityHandler {
  readonly #bot: BotServices;

  constructor(bot: BotServices) {
    super();
    this.#bot = bot;
    this.onMessage(async (context, next) => {
      await this.#guard(context, () => this.#onMessage(context));
      await next();
    });
    this.onConversationUpdate(async (context, next) => {
      await this.#guard(context, () => this.#installed(context));
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      await this.#guard(context, () => this.#installed(context));
      await next();
    });
  }

  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const bot = this.#bot;
    try {
      await this.#remember(context);
      const parsed = parseCardAction(invokeValue);
      if (!parsed.ok) return invokeCard(describeFailure(new BotUserError('BAD_ACTION', parsed.message), bot.log));
      const card = await VERB_HANDLERS[parsed.verb](bot, { ...readTurn(context), data: parsed.data });
      return invokeCard(card);
    } catch (error) {
      return invokeCard(describeFailure(error, bot.log));
    }
  }

  protected override async handleTeamsFileConsentAccept(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    await this.#guard(context, () => acceptResultsFile(this.#bot, context, response));
  }

  protected override async handleTeamsFileConsentDecline(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    await this.#guard(context, () => declineResultsFile(this.#bot, context, response));
  }

  async #onMessage(context: TurnContext): Promise<void> {
    const bot = this.#bot;
    const turn = readTurn(context);
    const pick = pickCsvAttachment(context.activity);
    if (pick.kind === 'file' || pick.kind === 'pasted') return handleUpload(bot, turn, pick);
    if (pick.kind === 'channel-file') return void (await context.sendActivity(pick.message));
    if (pick.kind === 'unsupported') return void (await context.sendActivity(pick.reason));
    const text = TurnContext.removeRecipientMention(context.activity)?.trim() ?? context.activity.text ?? '';
    const reply = await runCommand(bot, turn, text);
    if (reply === undefined) return;
    await context.sendActivity(typeof reply === 'string' ? reply : cardMessage(reply));
  }

  async #installed(context: TurnContext): Promise<void> {
    await this.#rememberTeam(context);
    await this.#welcome(context);
  }

  /** Installed in a team: its channel gets the completion summaries, unless an admin chose one already. */
  async #rememberTeam(context: TurnContext): Promise<void> {
    const { activity } = context;
    const team = (activity.channelData as { team?: { id?: string } } | undefined)?.team;
    const added =
      activity.type === 'installationUpdate'
        ? (activity.action ?? 'add').startsWith('add')
        : (activity.membersAdded ?? []).some((member) => member.id === activity.recipient?.id);
    if (!team?.id || !added || (await this.#bot.notificationChannel()) !== undefined) return;
    const reference = toStoredReference(TurnContext.getConversationReference(activity));
    if (reference !== undefined) await this.#bot.conversations.setNotificationChannel(reference);
  }

  /** The Playground re-sends install events on every page load: the welcome goes out once per conversation. */
  async #welcome(context: TurnContext): Promise<void> {
    if (!(await this.#bot.conversations.markWelcomed(context.activity.conversation.id))) return;
    await context.sendActivity(cardMessage(renderWelcomeCard({ sandbox: this.#bot.settings.sandbox })));
  }

  async #remember(context: TurnContext): Promise<void> {
    const reference = toStoredReference(TurnContext.getConversationReference(context.activity));
    if (reference !== undefined) await this.#bot.conversations.saveReference(reference);
  }

  async #guard(context: TurnContext, work: () => Promise<void>): Promise<void> {
    try {
      await this.#remember(context);
      await work();
    } catch (error) {
      await context.sendActivity(cardMessage(describeFailure(error, this.#bot.log)));
    }
  }
}

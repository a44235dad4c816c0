/** Who is acting and where, read from the activity itself (never from card data). */
import type { TurnContext } from 'botbuilder';
import type { JobConversation, JobPerson } from '../operations/jobs/index.ts';
import type { ActionData } from './action-data.ts';

export interface Turn {
  context: TurnContext;
  actor: JobPerson;
  conversation: JobConversation;
}

export interface ActionTurn extends Turn {
  data: ActionData;
}

export function readTurn(context: TurnContext): Turn {
  const from = context.activity.from;
  const actor: JobPerson = { id: from.id, name: from.name || 'Someone' };
  if (from.aadObjectId) actor.aadObjectId = from.aadObjectId;
  const type = context.activity.conversation.conversationType;
  const kind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
  return { context, actor, conversation: { id: context.activity.conversation.id, kind } };
}

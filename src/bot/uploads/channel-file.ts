/**
 * Teams does not give bots the files shared in a channel or a group chat: the bot receives only the message's
 * `text/html` body, which names the file (an `<attachment>` tag, a SharePoint link) or is empty when the
 * message was the file alone (microsoft/botbuilder-dotnet#6710). The admin deserves to know why nothing happened.
 */
import { stripMentions } from './teams-html.ts';
import type { UploadActivity } from './upload-activity.ts';

const FILE_MENTION =
  /<attachment\b|schema\.skype\.com\/File|\.(csv|tsv|txt|xlsx|xlsm|xls|ods)\b|sharepoint\.com|onedrive|1drv\.ms/i;

function htmlBodies(activity: UploadActivity): string[] {
  return (activity.attachments ?? [])
    .filter((attachment) => attachment.contentType.trim().toLowerCase() === 'text/html')
    .map((attachment) => (typeof attachment.content === 'string' ? attachment.content : ''));
}

function isBlankHtml(html: string): boolean {
  return html.replace(/<[^>]*>|&nbsp;|\s/g, '') === '';
}

function placeOf(conversationType: string | undefined): string | null {
  if (conversationType === 'channel') return 'a channel';
  if (conversationType === 'groupChat') return 'a group chat';
  return null;
}

/** The explanation to send when a file was shared with the bot where Teams withholds it, else null. */
export function explainChannelFile(activity: UploadActivity): string | null {
  const place = placeOf(activity.conversation.conversationType);
  if (place === null) return null;
  const bodies = htmlBodies(activity);
  const namesFile = bodies.some((body) => FILE_MENTION.test(body));
  // A bare @mention also has an almost empty body: only a body that is literally empty means "a file alone".
  const fileOnly =
    bodies.some((body) => body.trim() === '') &&
    bodies.every((body) => isBlankHtml(stripMentions(body))) &&
    isBlankHtml(stripMentions(activity.text ?? ''));
  if (!namesFile && !fileOnly) return null;
  return (
    `Teams does not pass files shared in ${place} on to bots, so I could not read yours. ` +
    'Send the CSV file to me in our 1:1 chat, or paste its text here in a code block and I will validate it.'
  );
}

/**
 * Teams sends a message body as HTML (the `text/html` attachment, sometimes `text` itself): code blocks as
 * `<pre>` or `<codeblock>`, lines as `<p>`/`<div>`/`<br>`, cells pasted from Excel as a `<table>`, `&amp;`
 * entities. These helpers turn it back into the text the admin typed, code blocks kept apart.
 */

/** A run of the message: `code` when it sat in a code block (its lines are verbatim). */
export interface MessageSegment {
  code: boolean;
  text: string;
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
};

const HTML_TAG = /<\/?(p|br|div|pre|code|codeblock|span|table|tbody|tr|td|th|b|i|strong|em)\b[^>]*>/i;
const HTML_ENTITY = /&(amp|lt|gt|quot|apos|nbsp|#\d+|#x[0-9a-f]+);/i;
const MENTION = /<at\b[^>]*>[\s\S]*?<\/at>|<span\b[^>]*schema\.skype\.com\/Mention[^>]*>[\s\S]*?<\/span>/gi;

/** Mentions aside (`text` carries `<at>` tags even when it is plain), does the text hold markup? */
export function looksLikeHtml(text: string): boolean {
  const withoutMentions = stripMentions(text);
  return HTML_TAG.test(withoutMentions) || HTML_ENTITY.test(withoutMentions);
}

/** Removes @mentions: the bot's own name ("Mailbox Recovery") must not read as a request. */
export function stripMentions(text: string): string {
  return text.replace(MENTION, ' ');
}

/** Decodes entities in one pass, so `&amp;lt;` stays the text `&lt;`. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity: string, name: string) => {
    if (name.startsWith('#')) {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isInteger(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : entity;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? entity;
  });
}

function stripTags(html: string): string {
  return html.replace(/<[^>]*>/g, '');
}

/** Excel cells pasted into Teams arrive as a table: one tab-separated line per row, entities left encoded. */
function tablesToLines(html: string): string {
  return html.replace(/<tr\b[^>]*>([\s\S]*?)<\/tr>/gi, (_row: string, cells: string) => {
    const values = [...cells.matchAll(/<t[dh]\b[^>]*>([\s\S]*?)<\/t[dh]>/gi)].map((cell) =>
      stripTags((cell[1] ?? '').replace(/<br\s*\/?>/gi, ' '))
        .replace(/\s+/g, ' ')
        .trim(),
    );
    return `\n${values.join('\t')}\n`;
  });
}

function trimLineSpaces(text: string): string {
  return text
    .split('\n')
    .map((line) => line.replace(/^[ \u00a0]+|[ \u00a0]+$/g, ''))
    .join('\n');
}

/** Ordinary message HTML as text: one line per paragraph, row or `<br>`; spaces around lines trimmed. */
export function htmlToText(html: string): string {
  const lines = tablesToLines(html.replace(/\r/g, ''))
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|h[1-6]|blockquote|table)>/gi, '\n');
  return trimLineSpaces(decodeEntities(stripTags(lines)).replace(/\u00a0/g, ' '));
}

/** The inside of a code block: its own line breaks are kept as they are. */
function codeHtmlToText(html: string): string {
  const lines = html
    .replace(/\r/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div)>/gi, '\n');
  return trimBlankEdges(decodeEntities(stripTags(lines)).replace(/\u00a0/g, ' '));
}

function trimBlankEdges(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').replace(/(\n[ \t]*)+$/, '');
}

function splitByPattern(
  source: string,
  pattern: RegExp,
  toCode: (match: RegExpExecArray) => string,
  toText: (text: string) => string,
): MessageSegment[] {
  const segments: MessageSegment[] = [];
  let last = 0;
  for (const match of source.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) segments.push({ code: false, text: toText(source.slice(last, index)) });
    segments.push({ code: true, text: toCode(match) });
    last = index + match[0].length;
  }
  if (last < source.length) segments.push({ code: false, text: toText(source.slice(last)) });
  return segments;
}

/**
 * HTML code blocks are `<pre>` or `<codeblock>` (new Teams); a lone `<code>` counts when there is neither.
 * Markdown fences left as text between them count too.
 */
export function splitHtmlMessage(
  html: string,
  isHeaderCell: (cell: string) => boolean = () => false,
): MessageSegment[] {
  const body = stripMentions(html);
  const blocks = /<(pre|codeblock)\b[^>]*>([\s\S]*?)<\/\1>/gi;
  const pattern = /<(?:pre|codeblock)\b/i.test(body) ? blocks : /<(code)\b[^>]*>([\s\S]*?)<\/code>/gi;
  return splitByPattern(body, pattern, (match) => codeHtmlToText(match[2] ?? ''), htmlToText).flatMap((segment) =>
    segment.code ? [segment] : splitMarkdownMessage(segment.text, isHeaderCell),
  );
}

/**
 * Markdown fences, with or without a language tag (```csv). A first line that is itself a header cell, such
 * as ```source_guid, is content, not a tag. An unclosed fence runs to the end of the message.
 */
export function splitMarkdownMessage(
  text: string,
  isHeaderCell: (cell: string) => boolean = () => false,
): MessageSegment[] {
  const body = stripMentions(text).replace(/\r/g, '');
  return splitByPattern(
    body,
    /```([^\n`]*)(?:\n([\s\S]*?))?(?:```|$)/g,
    (match) => {
      const firstLine = (match[1] ?? '').trim();
      const rest = match[2] ?? '';
      const isTag = /^[\w+.#-]*$/.test(firstLine) && !isHeaderCell(firstLine);
      return trimBlankEdges(isTag ? rest : `${firstLine}\n${rest}`);
    },
    (plain) => plain,
  );
}

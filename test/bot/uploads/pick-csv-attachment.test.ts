import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { importCsv } from '../../../src/operations/csv/import-csv.ts';
import { pickCsvAttachment } from '../../../src/bot/uploads/pick-csv-attachment.ts';
import type { UploadActivity, UploadAttachment } from '../../../src/bot/uploads/upload-activity.ts';

const GUID_A = '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40';
const GUID_B = '2c4f7a63-9d5e-4b8f-a032-6e7d9c3b8f51';
const DOWNLOAD_URL =
  'https://contoso.sharepoint.com/personal/admin/_layouts/15/download.aspx?UniqueId=abc&tempauth=t0k';

function fileAttachment(name: string | undefined, content: Record<string, unknown> = {}): UploadAttachment {
  return {
    contentType: 'application/vnd.microsoft.teams.file.download.info',
    ...(name === undefined ? {} : { name }),
    contentUrl: `https://contoso.sharepoint.com/personal/admin/Documents/${name ?? 'x'}`,
    content: { downloadUrl: DOWNLOAD_URL, uniqueId: 'unique-1', etag: '"{1},1"', ...content },
  };
}

function html(content: string): UploadAttachment {
  return { contentType: 'text/html', content };
}

function personal(attachments: UploadAttachment[] = [], text?: string): UploadActivity {
  return { attachments, ...(text === undefined ? {} : { text }), conversation: { conversationType: 'personal' } };
}

describe('pickCsvAttachment: files in the 1:1 chat', () => {
  it('picks the download.info attachment even when the HTML body comes first', () => {
    const pick = pickCsvAttachment(
      personal([html('<p>here</p>'), fileAttachment('recovery.csv', { fileType: 'csv' })]),
    );
    assert.deepEqual(pick, {
      kind: 'file',
      name: 'recovery.csv',
      downloadUrl: DOWNLOAD_URL,
      uniqueId: 'unique-1',
      typeHint: null,
    });
  });

  it('accepts a .csv by its name when Teams leaves fileType out', () => {
    const pick = pickCsvAttachment(personal([fileAttachment('Leavers March.CSV')]));
    assert.equal(pick.kind, 'file');
  });

  it('accepts the .txt and .tsv that Excel writes as "Unicode text"', () => {
    for (const name of ['leavers.txt', 'leavers.tsv']) {
      assert.equal(pickCsvAttachment(personal([fileAttachment(name)])).kind, 'file', name);
    }
  });

  it('explains how to save an Excel workbook as CSV', () => {
    const pick = pickCsvAttachment(personal([fileAttachment('recovery.xlsx', { fileType: 'xlsx' })]));
    assert.equal(pick.kind, 'unsupported');
    assert.match(pick.kind === 'unsupported' ? pick.reason : '', /recovery\.xlsx is a spreadsheet workbook.*CSV UTF-8/);
  });

  it('refuses a file whose name is not a CSV even when fileType claims it is', () => {
    const pick = pickCsvAttachment(personal([fileAttachment('notes.pdf', { fileType: 'csv' })]));
    assert.equal(pick.kind, 'unsupported');
  });

  it('asks for one file at a time when several CSV files arrive together', () => {
    const pick = pickCsvAttachment(personal([fileAttachment('a.csv'), fileAttachment('b.csv')]));
    assert.deepEqual(pick.kind === 'unsupported' && /2 CSV files/.test(pick.reason), true);
  });

  it('picks the CSV when it comes with a file of another kind', () => {
    const pick = pickCsvAttachment(personal([fileAttachment('screenshot.png'), fileAttachment('restore.csv')]));
    assert.equal(pick.kind === 'file' && pick.name, 'restore.csv');
  });

  it('says so when Teams gives no download link', () => {
    const attachment: UploadAttachment = {
      contentType: 'application/vnd.microsoft.teams.file.download.info',
      name: 'recovery.csv',
      content: { uniqueId: 'u' },
    };
    const pick = pickCsvAttachment(personal([attachment]));
    assert.equal(pick.kind, 'unsupported');
  });

  it('reads the requested operation from the message that carries the file', () => {
    const pick = pickCsvAttachment(personal([fileAttachment('leavers.csv')], 'please restore these'));
    assert.equal(pick.kind === 'file' && pick.typeHint, 'restore');
  });

  it('does not read the bot name in an @mention as a request', () => {
    const pick = pickCsvAttachment(personal([fileAttachment('leavers.csv')], '<at>Mailbox Recovery</at> here you go'));
    assert.equal(pick.kind === 'file' && pick.typeHint, null);
  });
});

describe('pickCsvAttachment: CSV pasted into a message', () => {
  const csv = `source_guid,target_mailbox\n${GUID_A},adele.vance@contoso.com\n${GUID_B},alex.wilber@contoso.com\n`;

  it('reads CSV text typed straight into the message', () => {
    assert.deepEqual(pickCsvAttachment(personal([], csv)), { kind: 'pasted', text: csv, typeHint: null });
  });

  it('reads a markdown code block with a language tag and the request around it', () => {
    const pick = pickCsvAttachment(personal([], `Please restore these:\n\`\`\`csv\n${csv}\`\`\`\nthanks`));
    assert.deepEqual(pick, { kind: 'pasted', text: csv, typeHint: 'restore' });
  });

  it('reads a markdown code block without a language tag', () => {
    assert.deepEqual(pickCsvAttachment(personal([], `\`\`\`\n${csv}\`\`\``)), {
      kind: 'pasted',
      text: csv,
      typeHint: null,
    });
  });

  it('reads a code block whose header starts on the fence line', () => {
    const pick = pickCsvAttachment(personal([], `\`\`\`source_guid\n${GUID_A}\n\`\`\``));
    assert.deepEqual(pick, { kind: 'pasted', text: `source_guid\n${GUID_A}\n`, typeHint: null });
  });

  it('reads a Teams HTML code block, with <br> lines and &amp; entities decoded', () => {
    const body =
      '<p>recover these please</p><pre class="language-plaintext"><code>source_guid,target_upn,display_name,company<br>' +
      `${GUID_A},megan.bowen@contoso.com,Megan Bowen,Smith &amp; Co<br></code></pre>`;
    const pick = pickCsvAttachment(personal([html(body)], 'recover these please'));
    assert.deepEqual(pick, {
      kind: 'pasted',
      text: `source_guid,target_upn,display_name,company\n${GUID_A},megan.bowen@contoso.com,Megan Bowen,Smith & Co\n`,
      typeHint: 'recovery',
    });
  });

  it('reads the new Teams <codeblock> element', () => {
    const body = `<codeblock class="PlainText"><code>Source Identity;Target UPN\n${GUID_A};megan.bowen@contoso.com</code></codeblock>`;
    const pick = pickCsvAttachment(personal([html(body)]));
    assert.equal(
      pick.kind === 'pasted' && pick.text,
      `Source Identity;Target UPN\n${GUID_A};megan.bowen@contoso.com\n`,
    );
  });

  it('reads rows typed as Teams paragraphs and stops before the closing words', () => {
    const body = `<div><p>validate:</p><p>source_guid,target_upn</p><p>${GUID_A},megan.bowen@contoso.com</p><p>Thanks!</p></div>`;
    const pick = pickCsvAttachment(personal([html(body)]));
    assert.deepEqual(pick, {
      kind: 'pasted',
      text: `source_guid,target_upn\n${GUID_A},megan.bowen@contoso.com\n`,
      typeHint: 'validate',
    });
  });

  it('turns cells pasted from Excel (an HTML table) into tab-separated lines', () => {
    const body =
      '<table><tr><td>source_guid</td><td>target_mailbox</td><td>target_folder</td></tr>' +
      `<tr><td>${GUID_A}</td><td>adele.vance@contoso.com</td><td></td></tr></table>`;
    const pick = pickCsvAttachment(personal([html(body)]));
    assert.equal(
      pick.kind === 'pasted' && pick.text,
      `source_guid\ttarget_mailbox\ttarget_folder\n${GUID_A}\tadele.vance@contoso.com\t\n`,
    );
  });

  it('keeps a one-column list of GUIDs and leaves the sentence after it out', () => {
    const pick = pickCsvAttachment(personal([], `export\nsource_guid\n${GUID_A}\n\n${GUID_B}\nthat is all for today`));
    assert.deepEqual(pick, { kind: 'pasted', text: `source_guid\n${GUID_A}\n${GUID_B}\n`, typeHint: 'export' });
  });

  it('does not read words inside the rows as the request', () => {
    const rows = `source_guid,target_mailbox,target_folder\n${GUID_A},adele.vance@contoso.com,Restore - export 2024\n`;
    assert.deepEqual(pickCsvAttachment(personal([], rows)), { kind: 'pasted', text: rows, typeHint: null });
  });

  it('reads a code block in a message that also @mentions the bot', () => {
    const pick = pickCsvAttachment(personal([], `<at>Mailbox Recovery</at> restore\n\`\`\`\n${csv}\`\`\``));
    assert.deepEqual(pick, { kind: 'pasted', text: csv, typeHint: 'restore' });
  });

  it('reads a code block in text that Teams sent with entities', () => {
    const rows = `source_guid,target_upn,display_name,company\n${GUID_A},megan.bowen@contoso.com,Megan Bowen,Smith &amp; Co\n`;
    const pick = pickCsvAttachment(personal([], `\`\`\`\n${rows}\`\`\``));
    assert.equal(pick.kind === 'pasted' && pick.text, rows.replace('&amp;', '&'));
  });

  it('hands the importer rows it reads as they were pasted from Excel', () => {
    const body =
      '<table><tr><td>source_guid</td><td>target_mailbox</td><td>target_folder</td></tr>' +
      `<tr><td>${GUID_A}</td><td>adele.vance@contoso.com</td><td>Restored &amp; kept</td></tr></table>`;
    const pick = pickCsvAttachment(personal([html(body)]));
    const result = importCsv(Buffer.from(pick.kind === 'pasted' ? pick.text : ''));
    assert.equal(result.type, 'restore');
    assert.deepEqual(result.issues, []);
    assert.equal(result.items[0]?.additionalData.target_folder, 'Restored & kept');
  });

  it('treats a sentence that names a column as conversation, not CSV', () => {
    assert.deepEqual(pickCsvAttachment(personal([], 'what goes in the source_guid column, and where?')), {
      kind: 'none',
    });
  });

  it('finds nothing in an ordinary message', () => {
    assert.deepEqual(pickCsvAttachment(personal([html('<p>status 42</p>')], 'status 42')), { kind: 'none' });
  });
});

describe('pickCsvAttachment: channels and group chats', () => {
  function inConversation(conversationType: 'channel' | 'groupChat', attachments: UploadAttachment[], text?: string) {
    return { attachments, ...(text === undefined ? {} : { text }), conversation: { conversationType } };
  }

  it('explains kindly that Teams withholds a file shared in a channel, and offers pasting', () => {
    const body =
      '<div><span itemtype="http://schema.skype.com/Mention" itemid="0">Mailbox Recovery</span> <attachment id="9f1c"></attachment></div>';
    const pick = pickCsvAttachment(inConversation('channel', [html(body)], '<at>Mailbox Recovery</at>'));
    assert.equal(pick.kind, 'channel-file');
    const message = pick.kind === 'channel-file' ? pick.message : '';
    assert.match(message, /channel/);
    assert.match(message, /1:1 chat/);
    assert.match(message, /paste/);
  });

  it('recognises the empty body a file alone leaves in a group chat', () => {
    const pick = pickCsvAttachment(inConversation('groupChat', [html('')]));
    assert.equal(pick.kind, 'channel-file');
    assert.match(pick.kind === 'channel-file' ? pick.message : '', /group chat/);
  });

  it('treats a bare @mention in a channel as conversation', () => {
    const body = '<div><span itemtype="http://schema.skype.com/Mention" itemid="0">Mailbox Recovery</span>&nbsp;</div>';
    assert.deepEqual(pickCsvAttachment(inConversation('channel', [html(body)], '<at>Mailbox Recovery</at>')), {
      kind: 'none',
    });
  });

  it('still reads CSV pasted in a channel', () => {
    const text = `<at>Mailbox Recovery</at> validate\nsource_guid\n${GUID_A}`;
    const pick = pickCsvAttachment(inConversation('channel', [], text));
    assert.deepEqual(pick, { kind: 'pasted', text: `source_guid\n${GUID_A}\n`, typeHint: 'validate' });
  });
});

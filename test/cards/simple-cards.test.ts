import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BOT_COMMANDS } from '../../src/cards/commands.ts';
import {
  renderChooseTypeCard,
  renderErrorCard,
  renderValidatingCard,
  renderWelcomeCard,
} from '../../src/cards/simple-cards.ts';
import { CARD_VERBS } from '../../src/cards/verbs.ts';
import { actionsOf, inputsOf, textOf } from './card-queries.ts';

describe('welcome card', () => {
  it('lists every command with what it does', () => {
    const text = textOf(renderWelcomeCard({ sandbox: false }));
    for (const command of ['help', 'template', 'status', 'jobs', 'cancel', 'retry', 'audit', 'doctor', 'find']) {
      assert.ok(
        BOT_COMMANDS.some((entry) => entry.usage.startsWith(command) && text.includes(entry.usage)),
        command,
      );
    }
    assert.match(text, /notify here\nIn a channel: post completion summaries to this channel\./);
  });

  it('says when the bot runs against the sandbox tenant', () => {
    assert.match(textOf(renderWelcomeCard({ sandbox: true })), /Sandbox: this is a simulated tenant/);
    assert.doesNotMatch(textOf(renderWelcomeCard({ sandbox: false })), /Sandbox/);
  });

  it('offers the recovery and restore templates as buttons', () => {
    const templates = actionsOf(renderWelcomeCard({ sandbox: false })).filter(
      (action) => action.verb === CARD_VERBS.sendTemplate,
    );
    assert.deepEqual(
      templates.map((action) => action.data),
      [{ type: 'recovery' }, { type: 'restore' }],
    );
  });
});

describe('validating card', () => {
  it('acknowledges the upload at once with the row count', () => {
    const text = textOf(renderValidatingCard({ fileName: 'leavers.csv', rowCount: 1240, tenantCheck: true }));
    assert.match(text, /Checking 1,240 rows of leavers\.csv…/);
    assert.match(text, /against the tenant/);
  });

  it('still answers when the file is not downloaded yet', () => {
    const text = textOf(renderValidatingCard({ fileName: 'leavers.csv', rowCount: null, tenantCheck: false }));
    assert.match(text, /Checking leavers\.csv…/);
  });

  it('says how many rows a long check got through', () => {
    const view = { fileName: 'leavers.csv', rowCount: 5000, tenantCheck: true, rowsChecked: 1500 };
    assert.match(textOf(renderValidatingCard(view)), /1,500 of 5,000 rows checked so far\./);
    assert.doesNotMatch(textOf(renderValidatingCard({ ...view, rowsChecked: undefined })), /checked so far/);
  });

  it('tells the admin to send the file again should the bot restart before the summary', () => {
    const text = textOf(renderValidatingCard({ fileName: 'leavers.csv', rowCount: 3, tenantCheck: true }));
    assert.match(text, /If I am restarted before the summary is here, nothing is kept: send the file again\./);
  });
});

describe('type question card', () => {
  it('asks what the file is for, offering the four operations', () => {
    const card = renderChooseTypeCard({ jobId: 'op-1', fileName: 'mailboxes.csv', rowCount: 37 });
    const [choice] = inputsOf(card);
    assert.equal(choice?.id, 'type');
    assert.deepEqual(
      (choice?.choices as { value: string }[]).map((entry) => entry.value),
      ['recovery', 'restore', 'validate', 'export'],
    );
    const [next] = actionsOf(card);
    assert.equal(next?.verb, CARD_VERBS.chooseType);
    assert.deepEqual(next?.data, { jobId: 'op-1' });
  });
});

describe('error card', () => {
  it('shows one sentence and the correlation id to quote', () => {
    const text = textOf(renderErrorCard({ message: 'I could not read the file.', correlationId: 'c0ffee12' }));
    assert.match(text, /I could not read the file\.\nReference c0ffee12: quote it if you ask for help\./);
  });
});

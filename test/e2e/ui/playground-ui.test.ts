/**
 * The whole recovery journey clicked through the real Agents Playground page in headless Chromium, the way an
 * admin meets it in Teams: type a command, read the cards, press their buttons. Each card is saved as a
 * picture in artifacts/screenshots/ so that its looks can be reviewed at Teams' width.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { openTeamsBrowser, screenshotCard, type TeamsBrowser } from '../support/browser.ts';
import { startE2eStack, type E2eStack } from '../support/e2e-stack.ts';

/** Long enough for a loaded CI machine; the journey takes about 10 s here. */
const CARD_TIMEOUT_MS = 30_000;

describe('the bot in the Agents Playground page', { timeout: 90_000 }, () => {
  let stack: E2eStack;
  let browser: TeamsBrowser;
  let page: Page;

  before(async () => {
    browser = await openTeamsBrowser();
    page = browser.page;
    page.setDefaultTimeout(CARD_TIMEOUT_MS);
    stack = await startE2eStack();
  });

  after(async () => {
    await browser?.close();
    await stack?.close();
  });

  it('takes the sample recovery file from a typed command through approval to a completed summary', async () => {
    await page.goto(stack.playground.url);
    await page.getByRole('treeitem', { name: 'Personal Chat' }).click();
    await sendMessage(page, stack, 'sample recovery', 'sample-recovery.csv');

    const validation = await waitForCard(page, 'Recovery file checked: 3 rows');
    const validationText = await validation.innerText();
    assert.match(validationText, /All 3 rows are ready; 3 have warnings worth a look\./);
    assert.equal(countOn(validationText, 'Rows in the file'), 3);
    assert.equal(countOn(validationText, 'Ready'), 3);
    assert.equal(countOn(validationText, 'Blocked'), 0);
    assert.match(validationText, /Warnings by code \(3 warnings\)/);
    await assertNothingClipped(validation);
    await screenshotCard(validation, 'validation');

    await validation.getByRole('button', { name: 'Submit for approval' }).click();
    const approval = await waitForCard(page, 'Approval request: recovery of 3 mailboxes');
    const approvalText = await approval.innerText();
    assert.match(approvalText, /Waiting for approval by/);
    assert.match(approvalText, /Requested by\s+Alex Wilber/);
    assert.match(approvalText, /Self-approval is allowed here/);
    await screenshotCard(approval, 'approval');

    await approval.getByRole('button', { name: 'Review as approver' }).click();
    const approve = approval.getByRole('button', { name: 'Approve', exact: true });
    await approve.waitFor();
    assert.ok(await approval.getByRole('button', { name: 'Reject', exact: true }).isVisible());
    await assertNothingClipped(approval);
    await screenshotCard(approval, 'approval-approver');
    await approve.click();

    const progress = await waitForCard(page, '100% done: 3 of 3 rows finished');
    const progressText = await progress.innerText();
    assert.match(progressText, /Recovery of 3 mailboxes/);
    assert.match(progressText, /Completed/);
    assert.equal(countOn(progressText, 'Completed'), 3);
    assert.equal(countOn(progressText, 'Failed'), 0);
    assert.equal(countOn(progressText, 'Pending'), 0);
    await assertNothingClipped(progress);
    await screenshotCard(progress, 'progress');

    const summary = await waitForCard(page, 'All 3 rows completed.');
    const summaryText = await summary.innerText();
    assert.equal(countOn(summaryText, 'Completed'), 3);
    assert.equal(countOn(summaryText, 'Failed'), 0);
    assert.match(summaryText, /Success rate\s+100%/);
    // An Action.OpenUrl button has the role of a link.
    assert.ok(await summary.getByRole('link', { name: 'Download results' }).isVisible());
    await assertNothingClipped(summary);
    await screenshotCard(summary, 'summary');
  });
});

/**
 * Types a message and presses Enter, again if the bot never heard it: on a loaded machine the page can still be
 * wiring up its editor when the first keys arrive. The bot's answer is seen on the Playground's frame stream.
 */
async function sendMessage(page: Page, stack: E2eStack, text: string, answerMentions: string): Promise<void> {
  const compose = page.locator('[data-lexical-editor="true"]');
  for (let attempt = 1; ; attempt += 1) {
    const sentAt = Date.now();
    await compose.fill(text);
    await compose.press('Enter');
    const answered = await stack.playground
      .waitForFrame(
        (frame) => frame.receivedAt >= sentAt && JSON.stringify(frame.message).includes(answerMentions),
        'an answer',
        10_000,
      )
      .then(
        () => true,
        () => false,
      );
    if (answered) return;
    if (attempt === 3) assert.fail(`the bot never answered "${text}" typed in the page`);
  }
}

/** The card of the bot message that shows `text`, once it is on screen. */
async function waitForCard(page: Page, text: string): Promise<Locator> {
  const card = page.locator('.fai-OutputCard').filter({ hasText: text }).locator('.ac-adaptiveCard').first();
  await card.waitFor();
  return card;
}

/** The number shown beside `label` in a card's counts (the page puts label and number on lines of their own). */
function countOn(cardText: string, label: string): number | undefined {
  const lines = cardText
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const value = lines[lines.indexOf(label) + 1];
  return lines.includes(label) && value !== undefined && /^[\d,]+$/.test(value)
    ? Number(value.replaceAll(',', ''))
    : undefined;
}

/** No text or button of the card runs past its right edge (what Teams would cut off). */
async function assertNothingClipped(card: Locator): Promise<void> {
  // Runs in the page. No named inner functions: tsx would wrap them in a `__name` helper the page lacks.
  const overflowing = await card.evaluate((root) => {
    const edge = root.getBoundingClientRect().right + 1;
    return [...root.querySelectorAll('*')]
      .filter((element) => element.children.length === 0)
      .filter(
        (element) => element.getBoundingClientRect().right > edge || element.scrollWidth > element.clientWidth + 1,
      )
      .map((element) => (element.textContent || element.tagName).slice(0, 60));
  });
  assert.deepEqual(overflowing, [], 'parts of the card run past its edge');
}

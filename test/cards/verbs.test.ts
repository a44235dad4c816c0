import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { ALL_CARD_VERBS, CARD_VERBS, isCardVerb } from '../../src/cards/verbs.ts';
import { actionsOf } from './card-queries.ts';

const TEMPLATE_DIR = new URL('../../src/cards/templates/', import.meta.url);

function readTemplates(): [string, unknown][] {
  return readdirSync(TEMPLATE_DIR)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => [name, JSON.parse(readFileSync(new URL(name, TEMPLATE_DIR), 'utf8'))]);
}

describe('card verbs', () => {
  const templates = readTemplates();

  it('finds the templates to scan', () => {
    assert.ok(templates.length >= 10, `only ${templates.length} templates found`);
  });

  for (const [name, template] of templates) {
    it(`${name}: every Action.Execute names a known verb, spelled out literally`, () => {
      for (const action of actionsOf(template).filter((node) => node.type === 'Action.Execute')) {
        assert.equal(typeof action.verb, 'string', `${name}: an Action.Execute without a verb`);
        assert.ok(isCardVerb(action.verb), `${name}: unknown verb "${String(action.verb)}"`);
      }
    });

    it(`${name}: uses Action.Execute rather than Action.Submit`, () => {
      assert.deepEqual(
        actionsOf(template).filter((node) => node.type === 'Action.Submit'),
        [],
        'Action.Submit reaches the bot as a message, not as a verb it can answer with a card',
      );
    });
  }

  it('are unique, so one click means one handler', () => {
    assert.equal(new Set(ALL_CARD_VERBS).size, Object.keys(CARD_VERBS).length);
  });

  it('tells a known verb from a made-up one', () => {
    assert.equal(isCardVerb('job.approve'), true);
    assert.equal(isCardVerb('job.approveAll'), false);
    assert.equal(isCardVerb(42), false);
  });
});

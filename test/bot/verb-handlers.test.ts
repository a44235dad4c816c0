import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { VERB_HANDLERS } from '../../src/bot/verb-handlers.ts';
import { VERBS_WITH_SCHEMA } from '../../src/bot/action-data.ts';
import { ALL_CARD_VERBS } from '../../src/cards/index.ts';

describe('card verbs', () => {
  it('has a handler for every verb a card can send', () => {
    const missing = ALL_CARD_VERBS.filter((verb) => typeof VERB_HANDLERS[verb] !== 'function');
    assert.deepEqual(missing, []);
  });

  it('checks the data of every verb at the edge', () => {
    assert.deepEqual([...VERBS_WITH_SCHEMA].sort(), [...ALL_CARD_VERBS].sort());
  });
});

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPendingItem } from '../../../src/operations/csv/pending-item.ts';
import { createItem } from '../../../src/operations/model.ts';

describe('createPendingItem', () => {
  it("builds exactly the item model.ts's createItem builds", () => {
    const init = {
      rowNumber: 7,
      sourceIdentity: '1b3e6f52-8c4d-4a7e-9f21-5d6c8b2a7e40',
      targetIdentity: 'jane@contoso.com',
      additionalData: { display_name: 'Jane Doe' },
    };
    assert.deepEqual(createPendingItem(init), createItem(init));
    assert.deepEqual(Object.keys(createPendingItem(init)), Object.keys(createItem(init)));
  });
});

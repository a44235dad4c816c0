import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeHolds, formatHolds } from '../../../src/operations/preflight/index.ts';
import { inactiveMailbox } from '../../fakes/fake-tenant.ts';

describe('describeHolds', () => {
  it('names every kind of hold in plain words', () => {
    const mailbox = inactiveMailbox({
      litigationHoldEnabled: true,
      inPlaceHolds: ['UniH7d2c', 'mbx1a2b:2', 'skp3c4d:1', 'grp5e6f:1', 'cld7a8b', 'c0ffee42'],
      complianceTagHoldApplied: true,
      delayHoldApplied: true,
      delayReleaseHoldApplied: true,
    });
    assert.deepEqual(describeHolds(mailbox), [
      'Litigation Hold',
      'eDiscovery case hold (UniH7d2c)',
      'retention policy (mbx1a2b:2)',
      'retention policy (skp3c4d:1)',
      'retention policy (grp5e6f:1)',
      'legacy In-Place Hold (cld7a8b)',
      'legacy In-Place Hold (c0ffee42)',
      'retention label hold',
      'delay hold',
      'delay release hold',
    ]);
  });

  it('does not count an exclusion from an organisation-wide policy as a hold', () => {
    const mailbox = inactiveMailbox({ litigationHoldEnabled: false, inPlaceHolds: ['-mbx1a2b:2'] });
    assert.equal(formatHolds(mailbox), '');
  });

  it('joins the kinds for a CSV cell', () => {
    const mailbox = inactiveMailbox({ litigationHoldEnabled: true, delayHoldApplied: true });
    assert.equal(formatHolds(mailbox), 'Litigation Hold; delay hold');
  });
});

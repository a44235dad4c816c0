/**
 * The sentence on the requester's card after Submit: who was told, and who could not be, so that the requester
 * knows whom to chase ("Sent to 2 approvers; 1 approver has not talked to me yet (Ada Lovelace).").
 */
import type { ApprovalRequestDelivery } from './approval-requests.ts';

export interface ApprovalRequestNotice {
  text: string;
  /** A card TextBlock colour: everyone reached, some, or none. */
  color: 'good' | 'warning' | 'attention';
}

function approvers(count: number): string {
  return `${count} ${count === 1 ? 'approver' : 'approvers'}`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function named(names: readonly string[]): string {
  return ` (${names.join(', ')})`;
}

/** Undefined when there was nobody to tell: the clicked card itself is the approval request. */
export function describeApprovalRequest(delivery: ApprovalRequestDelivery): ApprovalRequestNotice | undefined {
  const told = [
    ...(delivery.channel === 'posted' ? ['the approvers’ channel'] : []),
    ...(delivery.sentTo.length > 0 ? [approvers(delivery.sentTo.length)] : []),
  ];
  if (delivery.alreadySent) {
    return { text: `Already sent to ${told.join(' and ') || 'the approvers'}.`, color: 'good' };
  }
  const missed = [
    ...(delivery.channel === 'unknown' ? ['I cannot reach the approvers’ channel yet: add me there first'] : []),
    ...(delivery.channel === 'failed' ? ['posting to the approvers’ channel failed'] : []),
    ...(delivery.notReached.length > 0
      ? [
          `${approvers(delivery.notReached.length)} ${delivery.notReached.length === 1 ? 'has' : 'have'} not talked to me yet${named(delivery.notReached)}`,
        ]
      : []),
    ...(delivery.failed.length > 0
      ? [`I could not reach ${approvers(delivery.failed.length)}${named(delivery.failed)}`]
      : []),
  ];
  if (told.length === 0 && missed.length === 0) return undefined;
  // Submitted in the approvers' channel itself: the clicked card already is the request there.
  if (told.length === 0 && delivery.channel === 'here') {
    return { text: `${capitalise(missed.join('; '))}.`, color: 'warning' };
  }
  if (told.length === 0) {
    return {
      text: `No approver has been told yet: ${missed.join('; ')}. Click Submit again once they can be reached.`,
      color: 'attention',
    };
  }
  const text = [`Sent to ${told.join(' and ')}`, ...missed].join('; ');
  return { text: `${text}.`, color: missed.length === 0 ? 'good' : 'warning' };
}

import type { CmdletDefinition } from './cmdlet-types.ts';
import { getMailbox } from './get-mailbox.ts';
import { getMailboxStatistics } from './get-mailbox-statistics.ts';
import { getRecipient } from './get-recipient.ts';
import { getMailUser, setMailUser } from './mail-user-cmdlets.ts';
import { newMailbox } from './new-mailbox.ts';
import {
  getMailboxRestoreRequest,
  getMailboxRestoreRequestStatistics,
  newMailboxRestoreRequest,
} from './restore-request-cmdlets.ts';
import { setMailbox } from './set-mailbox.ts';

const CMDLETS: readonly CmdletDefinition[] = [
  getMailbox,
  newMailbox,
  setMailbox,
  newMailboxRestoreRequest,
  getMailboxRestoreRequest,
  getMailboxRestoreRequestStatistics,
  getMailboxStatistics,
  getRecipient,
  getMailUser,
  setMailUser,
];

/** The cmdlet a CmdletName names (PowerShell matches names case-insensitively), or undefined. */
export function findCmdlet(name: string): CmdletDefinition | undefined {
  return CMDLETS.find((cmdlet) => cmdlet.name.toLowerCase() === name.toLowerCase());
}

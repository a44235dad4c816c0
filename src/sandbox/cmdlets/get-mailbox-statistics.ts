import { formatByteQuantity } from '../exchange-values.ts';
import type { CmdletDefinition } from './cmdlet-types.ts';
import { resolveSingleMailbox } from './resolve-mailbox.ts';

/** `Get-MailboxStatistics -Identity X [-IncludeSoftDeletedRecipients]`: inactive mailboxes need the switch. */
export const getMailboxStatistics: CmdletDefinition = {
  name: 'Get-MailboxStatistics',
  kind: 'read',
  parameters: ['Identity', 'IncludeSoftDeletedRecipients', 'Archive'],
  required: ['Identity'],
  run(params, { state }) {
    const scope = params.switch('IncludeSoftDeletedRecipients') ? 'all' : 'active';
    const mailbox = resolveSingleMailbox(state, params.requireString('Identity'), scope);
    const statistics = state.findStatistics(mailbox) ?? {
      MailboxGuid: mailbox.ExchangeGuid,
      ItemCount: 0,
      TotalItemSize: formatByteQuantity(0),
    };
    return [
      { DisplayName: mailbox.DisplayName, IsArchiveMailbox: params.switch('Archive'), ...structuredClone(statistics) },
    ];
  },
};

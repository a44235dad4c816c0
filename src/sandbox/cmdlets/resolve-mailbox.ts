import type { FixtureMailbox } from '../fixture-types.ts';
import type { MailboxScope, TenantState } from '../tenant-state.ts';
import { exchangeErrors } from './exchange-errors.ts';

/** The one mailbox an identity names, or the error Exchange gives when it names none or several. */
export function resolveSingleMailbox(state: TenantState, identity: string, scope: MailboxScope): FixtureMailbox {
  const matches = state.findMailboxes(identity, scope);
  if (matches.length === 0) throw exchangeErrors.objectNotFound(identity, state.domainController);
  if (matches.length > 1) throw exchangeErrors.ambiguous(identity);
  return matches[0] as FixtureMailbox;
}

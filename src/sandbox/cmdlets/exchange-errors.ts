/**
 * The cmdlet errors the sandbox raises, with Exchange's exception types and texts. Where the real text is
 * not documented publicly the text is a close paraphrase (docs/sandbox-fixture.md lists which).
 */
import { createHash } from 'node:crypto';

/** A cmdlet refused: becomes HTTP 400 with `details[].message` = `<id>|<exceptionType>|<text>`. */
export class CmdletError extends Error {
  readonly code = 'SANDBOX_CMDLET_ERROR';
  readonly exceptionType: string;

  constructor(exceptionType: string, text: string) {
    super(text);
    this.name = 'CmdletError';
    this.exceptionType = exceptionType;
  }

  /** Exchange's error ids look like `Ex6F9304`: stable per error site, so derived from the type here. */
  get errorId(): string {
    return `Ex${createHash('sha1').update(this.exceptionType).digest('hex').slice(0, 6).toUpperCase()}`;
  }

  /** The type's last segment, e.g. `ManagementObjectNotFoundException`: what the ledger records. */
  get shortType(): string {
    return this.exceptionType.split('.').pop() ?? this.exceptionType;
  }
}

const TASKS = 'Microsoft.Exchange.Configuration.Tasks';
const RECIPIENT_TASKS = 'Microsoft.Exchange.Management.RecipientTasks';
const BINDING = 'System.Management.Automation.ParameterBindingException';

export const exchangeErrors = {
  objectNotFound: (identity: string, domainController: string) =>
    new CmdletError(
      `${TASKS}.ManagementObjectNotFoundException`,
      `The operation couldn't be performed because object '${identity}' couldn't be found on '${domainController}'.`,
    ),
  ambiguous: (identity: string) =>
    new CmdletError(
      `${TASKS}.ManagementObjectAmbiguousException`,
      `The operation couldn't be performed because '${identity}' matches multiple entries.`,
    ),
  nameInUse: (name: string) =>
    new CmdletError(
      'Microsoft.Exchange.Data.Directory.ADObjectAlreadyExistsException',
      `The name "${name}" is already being used. Please try another name.`,
    ),
  additionalShards: (identity: string) =>
    new CmdletError(
      `${RECIPIENT_TASKS}.RecipientTaskException`,
      `The inactive mailbox '${identity}' cannot be recovered because the mailbox has additional shards that need recovery.`,
    ),
  userStillSoftDeleted: (identity: string, objectId: string) =>
    new CmdletError(
      `${RECIPIENT_TASKS}.RecipientTaskException`,
      `The inactive mailbox '${identity}' can't be recovered because its user account '${objectId}' was deleted less ` +
        'than 30 days ago and can still be restored. Restore the user account in Microsoft Entra ID instead.',
    ),
  upnInUse: (upn: string) =>
    new CmdletError(
      'Microsoft.Exchange.Management.Tasks.WLCDManagedMemberExistsException',
      `The member name ${upn} is already in use. Please try another member name or sign in using the existing member name.`,
    ),
  proxyAddressInUse: (address: string, owner: string) =>
    new CmdletError(
      'Microsoft.Exchange.Data.DataValidationException',
      `The proxy address "${address}" is already being used by the proxy addresses or LegacyExchangeDN of "${owner}". ` +
        'Please choose another proxy address.',
    ),
  domainNotAccepted: (address: string, domain: string) =>
    new CmdletError(
      'Microsoft.Exchange.Data.DataValidationException',
      `The address '${address}' is invalid: "${domain}" isn't an accepted domain for your organization.`,
    ),
  invalidAddress: (address: string) =>
    new CmdletError(
      'Microsoft.Exchange.Data.DataValidationException',
      `The proxy address "${address}" is invalid. Use the format <prefix>:<address>, for example "smtp:user@contoso.com".`,
    ),
  primaryAddressRemoval: (address: string) =>
    new CmdletError(
      'Microsoft.Exchange.Data.DataValidationException',
      `The primary SMTP address "${address}" can't be removed. Set another primary address first.`,
    ),
  legacyDnMismatch: (sourceLegacyDn: string, target: string) =>
    new CmdletError(
      `${RECIPIENT_TASKS}.RecipientTaskException`,
      `The source mailbox's legacyExchangeDN '${sourceLegacyDn}' doesn't match the target mailbox '${target}', and the ` +
        `target doesn't have it as an X500 proxy address. Add "X500:${sourceLegacyDn}" to the target's EmailAddresses, ` +
        'or use the AllowLegacyDNMismatch parameter to restore anyway.',
    ),
  /**
   * Paraphrase (no public source gives Exchange's text): New-MailboxRestoreRequest into a mail user, which has no
   * Exchange Online mailbox — only, in a hybrid deployment, a cloud-based archive. See restore-request-cmdlets.ts.
   */
  mailUserWithoutMailbox: (identity: string, intoArchive: boolean) =>
    new CmdletError(
      `${RECIPIENT_TASKS}.RecipientTaskException`,
      intoArchive
        ? `The target '${identity}' is a mail user without a cloud-based archive in Exchange Online, so there is no ` +
            'mailbox to restore into.'
        : `The target '${identity}' is a mail user: it has no primary mailbox in Exchange Online to restore into. ` +
            'Use the TargetIsArchive switch to restore into its cloud-based archive.',
    ),
  restoreNameInUse: (target: string, name: string) =>
    new CmdletError(
      `${TASKS}.ManagementObjectAlreadyExistsException`,
      `A restore request with the name '${name}' already exists for mailbox '${target}'. Use the Name parameter to ` +
        'give the new request a unique name.',
    ),
  noDefaultRequestName: (target: string) =>
    new CmdletError(
      'Microsoft.Exchange.MailboxReplicationService.NameMustBeUniquePermanentException',
      `The name must be unique per mailbox. There isn't a default name available for a new request owned by mailbox '${target}'.`,
    ),
  parameterNotFound: (name: string) =>
    new CmdletError(BINDING, `A parameter cannot be found that matches parameter name '${name}'.`),
  missingParameters: (names: readonly string[]) =>
    new CmdletError(
      BINDING,
      `Cannot process command because of one or more missing mandatory parameters: ${names.join(' ')}.`,
    ),
  /** Paraphrase: PowerShell's binding error for a filter it cannot parse; no public source gives the exact text. */
  invalidFilter: (filter: string, reason: string) =>
    new CmdletError(
      BINDING,
      `Cannot bind parameter 'Filter' to the target. Exception setting "Filter": "Invalid filter syntax: ${reason} (filter: ${filter})".`,
    ),
  invalidParameterValue: (name: string, value: unknown) =>
    new CmdletError(
      BINDING,
      `Cannot bind parameter '${name}'. Cannot convert value "${String(value)}" to the expected type.`,
    ),
  /** A scripted failure: a type the gateways classify as permanent (a refusal, not a busy service). */
  scripted: (text: string) => new CmdletError(`${TASKS}.TaskException`, text),
  cmdletNotFound: (name: string) =>
    new CmdletError(
      'System.Management.Automation.CommandNotFoundException',
      `The term '${name}' is not recognized as the name of a cmdlet, function, script file, or operable program.`,
    ),
};

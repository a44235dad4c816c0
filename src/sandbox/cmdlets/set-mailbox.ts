/**
 * `Set-Mailbox -Identity X -EmailAddresses @{Add=…; Remove=…}` (a GenericHashTable) or `-EmailAddresses @(…)`
 * (replaces the list). The linked Graph user's proxyAddresses follow, as directory sync would make them.
 */
import type { FixtureMailbox, FixtureRecipient } from '../fixture-types.ts';
import type { TenantState } from '../tenant-state.ts';
import type { CmdletDefinition } from './cmdlet-types.ts';
import { exchangeErrors } from './exchange-errors.ts';
import { resolveSingleMailbox } from './resolve-mailbox.ts';

/** A mailbox or a mail user: whatever holds the addresses being changed. */
type AddressHolder = FixtureMailbox | FixtureRecipient;

interface AddressChange {
  add: string[];
  remove: string[];
  replace?: string[];
}

function toList(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

function readAddressChange(value: unknown): AddressChange {
  if (Array.isArray(value) || typeof value === 'string') return { add: [], remove: [], replace: toList(value) };
  if (typeof value !== 'object' || value === null) throw exchangeErrors.invalidParameterValue('EmailAddresses', value);
  const entries = Object.entries(value).filter(([key]) => !key.startsWith('@'));
  const read = (wanted: string) => toList(entries.find(([key]) => key.toLowerCase() === wanted)?.[1]);
  const unknown = entries.find(([key]) => !['add', 'remove'].includes(key.toLowerCase()));
  if (unknown) throw exchangeErrors.invalidParameterValue('EmailAddresses', `@{${unknown[0]}=…}`);
  return { add: read('add'), remove: read('remove') };
}

/** Exchange treats an address without a prefix as SMTP. */
function normaliseAddress(address: string): string {
  const trimmed = address.trim();
  const prefix = /^([A-Za-z0-9]+):(.+)$/.exec(trimmed);
  if (!prefix) return `smtp:${trimmed}`;
  const [, type = '', rest = ''] = prefix;
  if (type.toLowerCase() === 'x500') return `X500:${rest}`;
  return type.toLowerCase() === 'smtp' ? `${type}:${rest}` : trimmed;
}

function checkAddress(state: TenantState, mailbox: AddressHolder, address: string): void {
  const [type = '', value = ''] = [address.slice(0, address.indexOf(':')), address.slice(address.indexOf(':') + 1)];
  if (type.toLowerCase() === 'smtp') {
    const domain = value.split('@')[1];
    if (!domain || value.split('@').length !== 2) throw exchangeErrors.invalidAddress(address);
    if (!state.isAcceptedDomain(domain)) throw exchangeErrors.domainNotAccepted(value, domain);
  } else if (type.toLowerCase() === 'x500' && !value.startsWith('/')) {
    throw exchangeErrors.invalidAddress(address);
  }
  const owner = state.findProxyAddressOwner(address, mailbox);
  if (owner) throw exchangeErrors.proxyAddressInUse(address, owner);
}

function applyChange(mailbox: AddressHolder, change: AddressChange): string[] {
  const has = (list: string[], address: string) => list.some((entry) => entry.toLowerCase() === address.toLowerCase());
  let next = change.replace ? [...change.replace] : [...mailbox.EmailAddresses];
  for (const address of change.add) if (!has(next, address)) next.push(address);
  for (const address of change.remove) {
    if (address.toLowerCase() === `smtp:${mailbox.PrimarySmtpAddress.toLowerCase()}`) {
      throw exchangeErrors.primaryAddressRemoval(mailbox.PrimarySmtpAddress);
    }
    next = next.filter((entry) => entry.toLowerCase() !== address.toLowerCase());
  }
  return next;
}

/**
 * Applies an -EmailAddresses value to a mailbox or mail user: every new address checked first, the holder's
 * Graph user following as directory sync would make it.
 */
export function changeEmailAddresses(
  state: TenantState,
  holder: AddressHolder,
  raw: unknown,
  identity: string,
  warnings: string[],
): void {
  const change = raw === undefined || raw === null ? { add: [], remove: [] } : readAddressChange(raw);
  const normalised: AddressChange = {
    add: change.add.map(normaliseAddress),
    remove: change.remove.map(normaliseAddress),
    replace: change.replace?.map(normaliseAddress),
  };
  const existing = new Set(holder.EmailAddresses.map((entry) => entry.toLowerCase()));
  for (const address of [...normalised.add, ...(normalised.replace ?? [])]) {
    if (!existing.has(address.toLowerCase())) checkAddress(state, holder, address);
  }
  const next = applyChange(holder, normalised);
  const changed = next.length !== holder.EmailAddresses.length || next.some((a, i) => a !== holder.EmailAddresses[i]);
  if (!changed) {
    warnings.push(
      `The command completed successfully but no settings of '${String(holder.Identity ?? identity)}' have been modified.`,
    );
    return;
  }
  holder.EmailAddresses = next;
  const userId = holder.ExternalDirectoryObjectId;
  const user = state.findUserById(typeof userId === 'string' ? userId : null);
  if (user) user.proxyAddresses = [...next];
}

export const setMailbox: CmdletDefinition = {
  name: 'Set-Mailbox',
  kind: 'write',
  parameters: ['Identity', 'EmailAddresses'],
  required: ['Identity'],
  describeTarget: (params) => params.string('Identity') ?? '',
  run(params, { state, warnings }) {
    const identity = params.requireString('Identity');
    const mailbox = resolveSingleMailbox(state, identity, 'active');
    changeEmailAddresses(state, mailbox, params.raw('EmailAddresses'), identity, warnings);
    return [];
  },
};

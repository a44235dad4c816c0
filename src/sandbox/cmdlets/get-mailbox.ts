import type { CmdletDefinition, CmdletParameters } from './cmdlet-types.ts';
import { exchangeErrors } from './exchange-errors.ts';
import { resolveSingleMailbox } from './resolve-mailbox.ts';
import type { MailboxScope } from '../tenant-state.ts';
import { FilterSyntaxError, parseMailboxFilter, type MailboxPredicate } from '../opath-filter.ts';

const DEFAULT_RESULT_SIZE = 1000;

/** The first `resultSize` matches, with Exchange's warning when its default of 1000 cut the list short. */
export function limitResults<T>(matches: T[], resultSize: number, params: CmdletParameters, warnings: string[]): T[] {
  if (matches.length > resultSize && !params.has('ResultSize')) {
    warnings.push(
      'By default, only the first 1000 items are returned. Use the ResultSize parameter to specify the number of ' +
        'items returned. To return all items, specify "-ResultSize Unlimited".',
    );
  }
  return matches.slice(0, resultSize);
}

/** -ResultSize: `Unlimited` or a positive whole number; Exchange's default is 1000. */
export function readResultSize(params: CmdletParameters): number {
  const value = params.string('ResultSize');
  if (value === undefined) return DEFAULT_RESULT_SIZE;
  if (value.toLowerCase() === 'unlimited') return Number.POSITIVE_INFINITY;
  const size = Number(value);
  if (!Number.isInteger(size) || size < 1) throw exchangeErrors.invalidParameterValue('ResultSize', value);
  return size;
}

function readScope(params: CmdletParameters): MailboxScope {
  if (params.switch('InactiveMailboxOnly') || params.switch('SoftDeletedMailbox')) return 'inactive';
  return params.switch('IncludeInactiveMailbox') ? 'all' : 'active';
}

function readFilter(params: CmdletParameters): MailboxPredicate | undefined {
  const filter = params.string('Filter');
  if (filter === undefined) return undefined;
  try {
    return parseMailboxFilter(filter);
  } catch (error) {
    if (error instanceof FilterSyntaxError) throw exchangeErrors.invalidFilter(filter, error.message);
    throw error;
  }
}

function readRecipientTypes(params: CmdletParameters): Set<string> | undefined {
  const value = params.raw('RecipientTypeDetails');
  if (value === undefined || value === null) return undefined;
  const list = Array.isArray(value) ? value : String(value).split(',');
  return new Set(list.map((entry) => String(entry).trim().toLowerCase()));
}

export const getMailbox: CmdletDefinition = {
  name: 'Get-Mailbox',
  kind: 'read',
  parameters: [
    'Identity',
    'InactiveMailboxOnly',
    'IncludeInactiveMailbox',
    'SoftDeletedMailbox',
    'ResultSize',
    'RecipientTypeDetails',
    'Filter',
  ],
  run(params, { state, warnings }) {
    const scope = readScope(params);
    const resultSize = readResultSize(params);
    const identity = params.string('Identity');
    if (identity !== undefined) return [structuredClone(resolveSingleMailbox(state, identity, scope))];
    const types = readRecipientTypes(params);
    const filter = readFilter(params);
    // The scope applies with a filter too: without an inactive switch, Get-Mailbox -Filter sees active mailboxes only.
    const matches = state
      .listMailboxes(scope)
      .filter((mailbox) => !types || types.has(mailbox.RecipientTypeDetails.toLowerCase()))
      .filter((mailbox) => !filter || filter(mailbox));
    return limitResults(matches, resultSize, params, warnings).map((mailbox) => structuredClone(mailbox));
  },
};

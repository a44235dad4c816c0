/**
 * The part of OPATH `-Filter` the sandbox understands: `Property -eq 'value'` criteria, optionally in
 * parentheses, chained with `-or`; a quote inside a value is written twice. That is what our gateway sends.
 * Syntax: Microsoft Learn Get-Mailbox, parameter -Filter (https://learn.microsoft.com/powershell/module/exchange/get-mailbox).
 * Real Exchange compares these text properties without regard to case (sandbox assumption, as for -Identity).
 * Anything else (-and, -like, -not, $null, unquoted values) is refused, so a gateway change cannot pass unnoticed.
 */
import type { FixtureMailbox } from './fixture-types.ts';

export type MailboxPredicate = (mailbox: FixtureMailbox) => boolean;

interface Criterion {
  property: string;
  value: string;
}

export class FilterSyntaxError extends Error {}

export function parseMailboxFilter(filter: string): MailboxPredicate {
  const criteria = parseCriteria(filter);
  return (mailbox) =>
    criteria.some(({ property, value }) => {
      const actual = readProperty(mailbox, property);
      return actual !== undefined && actual.toLowerCase() === value.toLowerCase();
    });
}

function readProperty(mailbox: FixtureMailbox, property: string): string | undefined {
  const entry = Object.entries(mailbox).find(([key]) => key.toLowerCase() === property.toLowerCase());
  const value = entry?.[1];
  return typeof value === 'string' ? value : undefined;
}

function parseCriteria(filter: string): Criterion[] {
  const criteria: Criterion[] = [];
  let rest = filter.trim();
  for (;;) {
    const match = /^\(?\s*([A-Za-z][A-Za-z0-9]*)\s+-eq\s+'((?:[^']|'')*)'\s*\)?/i.exec(rest);
    if (!match) throw new FilterSyntaxError(`Invalid filter syntax near "${rest.slice(0, 40)}".`);
    const [whole, property = '', quoted = ''] = match;
    if (whole.startsWith('(') !== whole.endsWith(')'))
      throw new FilterSyntaxError(`Unbalanced parentheses near "${rest.slice(0, 40)}".`);
    criteria.push({ property, value: quoted.replace(/''/g, "'") });
    rest = rest.slice(whole.length).trim();
    if (rest === '') return criteria;
    const joiner = /^-or\s+/i.exec(rest);
    if (!joiner) throw new FilterSyntaxError(`Only -or is supported between criteria, near "${rest.slice(0, 40)}".`);
    rest = rest.slice(joiner[0].length);
  }
}

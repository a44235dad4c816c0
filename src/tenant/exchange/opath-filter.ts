/**
 * OPATH `-Filter` text for "this property equals one of these values", as Exchange's recipient cmdlets take it:
 * text values in single quotes, a quote inside a value doubled, criteria chained with `-or`.
 * Sources: Microsoft Learn Get-Mailbox, parameter -Filter (https://learn.microsoft.com/powershell/module/exchange/get-mailbox);
 * "Filterable properties for the Filter parameter" (https://learn.microsoft.com/powershell/exchange/filter-properties),
 * sections Name, ExchangeGuid and DistinguishedName, which list Get-Mailbox among the cmdlets that filter on them.
 * No public source gives a length limit for a filter; assumption: one filter per pre-flight file is accepted.
 */
export interface EqualsClause {
  property: string;
  values: readonly string[];
}

export function buildEqualsAnyFilter(clauses: readonly EqualsClause[]): string {
  const parts: string[] = [];
  for (const { property, values } of clauses) {
    for (const value of values) parts.push(`(${property} -eq '${value.replace(/'/g, "''")}')`);
  }
  return parts.join(' -or ');
}

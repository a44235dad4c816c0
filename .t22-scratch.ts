import { importCsv } from './src/operations/csv/index.ts';
const FIRST_NAMES = ['Megan', 'Adele', 'Alex', 'Diego', 'Grady', 'Isaiah', 'Johanna', 'Lee', 'Lidia', 'Nestor'];
const LAST_NAMES = ['Bowen', 'Vance', 'Wilber', 'Siciliani', 'Archie', 'Langer', 'Lorenz', 'Gu', 'Holloway', 'Wilke'];
const DEPARTMENTS = ['Marketing', 'Finance', 'Legal', 'Sales', 'Human Resources', 'Operations', 'IT'];
const COMPANIES = ['Contoso Ltd', '"Contoso, Ltd."', 'Fabrikam', '"Northwind Traders, Inc."'];
const LOCATIONS = ['US', 'GB', 'DE', 'FR', 'NL'];

function pick<T>(list: readonly T[], index: number): T {
  return list[index % list.length] as T;
}

// Deterministic, unique, GUID-shaped: the same file on every run.
function guidFor(index: number): string {
  const hex = (value: number, width: number) => (value >>> 0).toString(16).padStart(width, '0').slice(-width);
  const mixed = Math.imul(index + 1, 2654435761);
  return `${hex(mixed, 8)}-${hex(index >>> 16, 4)}-4${hex(index, 3)}-a${hex(mixed >>> 7, 3)}-${hex(index, 12)}`;
}

function buildRecoveryCsv(rows: number): Buffer {
  const lines = [
    'source_guid,target_upn,target_smtp,display_name,first_name,last_name,department,company,license_sku,usage_location',
  ];
  for (let index = 0; index < rows; index += 1) {
    const first = pick(FIRST_NAMES, index);
    const last = pick(LAST_NAMES, Math.floor(index / FIRST_NAMES.length));
    const upn = `${first}.${last}.${index}@contoso.com`.toLowerCase();
    const display = index % 7 === 0 ? `"${last}, ${first}"` : `${first} ${last}`;
    lines.push(
      [
        guidFor(index),
        upn,
        upn,
        display,
        first,
        last,
        pick(DEPARTMENTS, index),
        pick(COMPANIES, index),
        'ENTERPRISEPACK',
        pick(LOCATIONS, index),
      ].join(','),
    );
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}


const buf = buildRecoveryCsv(50000);
for (let i = 0; i < 12; i++) importCsv(buf, { limits: { maxRows: 50000, maxBytes: 50e6 } });

import { parse } from 'csv-parse/sync';
import { importCsv } from './src/operations/csv/index.ts';
import { readRecords } from './src/operations/csv/read-records.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const lines0 = ['source_guid,target_upn,target_smtp,display_name,first_name,last_name,department,company,license_sku,usage_location'];
for (let i = 0; i < 0; i++) lines0.push(`${crypto.randomUUID()},user${i}@contoso.com,user${i}@contoso.com,User ${i},User,N${i},Finance,${i%10===0?'"Contoso, Ltd."':'Contoso'},ENTERPRISEPACK,US`);
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
const dialect = { delimiter: ',' as const, bodyStart: 0, firstLine: 1 };
const variants: Record<string, () => unknown> = {
  base: () => parse(buf, { delimiter: ',', relax_column_count: true, skip_empty_lines: true, bom: true }),
  readNoop: () => readRecords(buf, dialect, () => {}),
  readKeep: () => { const rows: unknown[] = []; readRecords(buf, dialect, (c, l) => { rows.push({ rowNumber: l, values: c }); }); return rows; },
  import: () => importCsv(buf, { limits: { maxRows: 50000, maxBytes: 50e6 } }),
};
const ts: Record<string, number[]> = {}; const cpu: Record<string, number[]> = {};
for (let r = 0; r < 9; r++) for (const [k, f] of Object.entries(variants)) { gc(); const c = process.cpuUsage(); const t = performance.now(); f(); (ts[k] ??= []).push(performance.now() - t); const d = process.cpuUsage(c); (cpu[k] ??= []).push((d.user + d.system) / 1000); }
for (const k of Object.keys(ts)) { const v = ts[k]!.sort((a,b)=>a-b); const c = cpu[k]!.sort((a,b)=>a-b); console.log(k, 'wall', v[4]!.toFixed(1), 'cpu', c[4]!.toFixed(1)); }

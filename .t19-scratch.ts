import { parse } from 'csv-parse/sync';
import { importCsv } from './src/operations/csv/index.ts';
import { readRecords } from './src/operations/csv/read-records.ts';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const lines = ['source_guid,target_upn,target_smtp,display_name,first_name,last_name,department,company,license_sku,usage_location'];
for (let i = 0; i < 50000; i++) lines.push(`${crypto.randomUUID()},user${i}@contoso.com,user${i}@contoso.com,User ${i},User,N${i},Finance,${i%10===0?'"Contoso, Ltd."':'Contoso'},ENTERPRISEPACK,US`);
const buf = Buffer.from(lines.join('\r\n') + '\r\n');
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

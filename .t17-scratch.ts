import { parse } from 'csv-parse/sync';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const lines = ['source_guid,target_upn,target_smtp,display_name,first_name,last_name,department,company,license_sku,usage_location'];
for (let i = 0; i < 50000; i++) lines.push(`${crypto.randomUUID()},user${i}@contoso.com,user${i}@contoso.com,User ${i},User,N${i},Finance,${i%10===0?'"Contoso, Ltd."':'Contoso'},ENTERPRISEPACK,US`);
const buf = Buffer.from(lines.join('\r\n') + '\r\n');
const variants: Record<string, object> = {
  base: { delimiter: ',', relax_column_count: true, skip_empty_lines: true, bom: true },
  rdArray: { delimiter: ',', relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n','\n','\r'] },
  relaxQ: { delimiter: ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: false },
  rdWin: { delimiter: ',', relax_column_count: true, skip_empty_lines: false, record_delimiter: ['\r\n'] },
};
const ts: Record<string, number[]> = {};
for (let r = 0; r < 9; r++) for (const [k, o] of Object.entries(variants)) { gc(); const t = performance.now(); parse(buf, o); (ts[k] ??= []).push(performance.now() - t); }
for (const [k, v] of Object.entries(ts)) { v.sort((a,b)=>a-b); console.log(k, v[4]!.toFixed(1)); }

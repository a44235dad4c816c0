import { parse } from 'csv-parse/sync';
import { importCsv } from './src/operations/csv/index.ts';
const lines = ['source_guid,target_upn,target_smtp,display_name,first_name,last_name,department,company,license_sku,usage_location'];
for (let i = 0; i < 50000; i++) lines.push(`${crypto.randomUUID()},user${i}@contoso.com,user${i}@contoso.com,User ${i},User,N${i},Finance,${i%10===0?'"Contoso, Ltd."':'Contoso'},ENTERPRISEPACK,US`);
const buf = Buffer.from(lines.join('\r\n') + '\r\n');
lines.length = 0;
const m = () => (process.resourceUsage().maxRSS/1024).toFixed(1);
console.log('built', m());
const which = process.argv[2];
for (let i = 0; i < Number(process.argv[3]); i++) {
  if (which === 'parse') parse(buf, { delimiter: ',', relax_column_count: true, skip_empty_lines: true, bom: true });
  else importCsv(buf, { limits: { maxRows: 50000, maxBytes: 50e6 } });
  console.log(which, i, m());
}

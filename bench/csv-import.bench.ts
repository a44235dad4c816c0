// importCsv against csv-parse alone on a 50,000-row recovery file: reading, checking and numbering every row
// should cost at most 1.3 times what csv-parse takes to parse the file (issue 12), within 300 MB of memory.
// A well-formed file is read without csv-parse (well-formed-records.ts); the second ratio is for a file whose first
// row has text after a closing quote, so that csv-parse reads it from there on: every row, as before issue 12.
// Run: node --import tsx bench/csv-import.bench.ts
import { parse } from 'csv-parse/sync';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { importCsv } from '../src/operations/csv/index.ts';

const ROWS = 50_000;
const WARM_UPS = 3;
const RUNS = 9;
const TARGET_RATIO = 1.3;
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

function buildRecoveryCsv(rows: number, strayQuoteInFirstRow = false): Buffer {
  const lines = [
    'source_guid,target_upn,target_smtp,display_name,first_name,last_name,department,company,license_sku,usage_location',
  ];
  for (let index = 0; index < rows; index += 1) {
    const first = pick(FIRST_NAMES, index);
    const last = pick(LAST_NAMES, Math.floor(index / FIRST_NAMES.length));
    const upn = `${first}.${last}.${index}@contoso.com`.toLowerCase();
    const display =
      strayQuoteInFirstRow && index === 0
        ? `"${last}" ${first}`
        : index % 7 === 0
          ? `"${last}, ${first}"`
          : `${first} ${last}`;
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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

// A full collection before each timed run (outside the timing): otherwise the garbage of earlier runs
// piles up until V8 decides to collect it, and the figures measure that laziness instead of one import.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

interface Timing {
  wallMs: number;
  /** CPU time of the whole process (GC threads included): steadier than wall time when other jobs share the cores. */
  cpuMs: number;
}

function timeOnce(run: () => unknown): Timing {
  collectGarbage();
  const start = performance.now();
  const startCpu = process.cpuUsage();
  run();
  const cpu = process.cpuUsage(startCpu);
  return { wallMs: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const bytes = buildRecoveryCsv(ROWS);
const strayQuoteBytes = buildRecoveryCsv(ROWS, true);
const parseAlone = () => parse(bytes, { delimiter: ',', bom: true, relax_column_count: true, skip_empty_lines: true });
const importOf = (file: Buffer) => () => importCsv(file, { limits: { maxRows: ROWS, maxBytes: 50 * 1024 * 1024 } });
const importAll = importOf(bytes);
const importStrayQuote = importOf(strayQuoteBytes);

function checkImport(run: () => ReturnType<typeof importCsv>): void {
  const result = run();
  const errors = result.issues.filter((issue) => issue.severity === 'error');
  if (result.items.length !== ROWS || errors.length > 0) {
    console.log(`unexpected import: ${result.items.length} items, ${errors.length} errors: ${errors[0]?.message}`);
  }
}

checkImport(importAll);
checkImport(importStrayQuote);
const sides = { parse: parseAlone, import: importAll, strayQuote: importStrayQuote };
for (let run = 0; run < WARM_UPS; run += 1) Object.values(sides).forEach(timeOnce);
// Interleaved, so that a slow moment on a shared machine hits every side alike.
const timings = { parse: [] as Timing[], import: [] as Timing[], strayQuote: [] as Timing[] };
for (let run = 0; run < RUNS; run += 1) {
  for (const [side, sideRun] of Object.entries(sides)) timings[side as keyof typeof sides].push(timeOnce(sideRun));
}
const medianOf = (side: keyof typeof sides, clock: keyof Timing) =>
  median(timings[side].map((timing) => timing[clock]));
const ratioOf = (side: keyof typeof sides, clock: keyof Timing) => medianOf(side, clock) / medianOf('parse', clock);
const ratio = ratioOf('import', 'wallMs');
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const show = (side: keyof typeof sides) =>
  `${medianOf(side, 'wallMs').toFixed(1)} ms, ${medianOf(side, 'cpuMs').toFixed(1)} ms CPU (medians of ${RUNS})`;

console.log(`rows                    ${ROWS.toLocaleString('en-US')}`);
console.log(`bytes                   ${bytes.length.toLocaleString('en-US')}`);
console.log(`csv-parse               ${show('parse')}`);
console.log(`importCsv               ${show('import')}`);
console.log(`ratio                   ${ratio.toFixed(2)} (CPU time: ${ratioOf('import', 'cpuMs').toFixed(2)})`);
console.log(`importCsv, stray quote  ${show('strayQuote')}; csv-parse reads every row`);
const strayRatio = `${ratioOf('strayQuote', 'wallMs').toFixed(2)} (CPU time: ${ratioOf('strayQuote', 'cpuMs').toFixed(2)})`;
console.log(`ratio, stray quote      ${strayRatio}`);
console.log(`peak RSS MB             ${peakRssMb.toFixed(1)}`);
console.log(`ratio <= ${TARGET_RATIO}: ${ratio <= TARGET_RATIO ? 'yes' : 'no'}`);
console.log(`peak RSS < 300 MB: ${peakRssMb < 300 ? 'yes' : 'no'}`);

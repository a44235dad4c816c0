/** Formats of values as Exchange serialises them over InvokeCommand. */

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** A ByteQuantifiedSize as Exchange prints it: `"1.486 GB (1,595,396,096 bytes)"`. */
export function formatByteQuantity(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const amount = unit === 0 ? String(bytes) : String(Number(value.toFixed(3)));
  return `${amount} ${UNITS[unit]} (${bytes.toLocaleString('en-US')} bytes)`;
}

/** The byte count inside a ByteQuantifiedSize string, or 0 when there is none. */
export function parseByteQuantity(text: unknown): number {
  const match = typeof text === 'string' ? /\(([\d,]+) bytes\)/.exec(text) : null;
  return match?.[1] ? Number(match[1].replaceAll(',', '')) : 0;
}

/** Exchange DateTime values as ISO 8601 UTC without milliseconds. */
export function formatExchangeDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

import { stringify } from 'csv-stringify/sync';
import type { BulkOperationType } from '../model.ts';
import { COLUMN_SPECS } from './column-specs.ts';

/** Every column of the operation as a header, and one example row with realistic values; CRLF. */
export function generateTemplate(type: BulkOperationType): string {
  const { columns } = COLUMN_SPECS[type];
  return stringify([columns.map((column) => column.name), columns.map((column) => column.example)], {
    record_delimiter: 'windows',
    eof: true,
  });
}

import { formatCount } from './format.ts';
import type { StateColor } from './job-states.ts';

/** One line of a counts table: the number is coloured only when it is not zero, so zeros stay quiet. */
export interface CountRow {
  label: string;
  value: string;
  color: StateColor;
}

export function countRow(label: string, count: number, colorWhenNonZero: StateColor = 'default'): CountRow {
  return { label, value: formatCount(count), color: count > 0 ? colorWhenNonZero : 'default' };
}

/** Codes by how often they occur, then alphabetically, so the card is stable for the same data. */
export function rankCodes(countsByCode: Readonly<Record<string, number>>): { code: string; count: number }[] {
  return Object.entries(countsByCode)
    .map(([code, count]) => ({ code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
}

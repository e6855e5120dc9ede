/** Date forms the lists write, turned into the model's `EntryDate`. */
import type { EntryDate } from '../model.ts';

const MONTHS: Record<string, string> = {
  jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06',
  jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12',
};

/**
 * OFAC's forms: "12 Oct 1972", "Oct 1972", "1972", "circa 1972", "1970 to 1972",
 * "01 Jan 1961 to 31 Dec 1962"; ISO "1972-10-12" is accepted too. Undefined when unreadable.
 */
export function parseOfacDate(text: string): EntryDate | undefined {
  const value = text.trim().replace(/\.$/, '');
  const circa = /^circa\s+(.+)$/i.exec(value);
  if (circa) {
    const inner = parseOfacDate(circa[1]!);
    return inner?.kind === 'exact' ? { ...inner, circa: true } : inner;
  }
  const range = /^(.+?)\s+to\s+(.+)$/i.exec(value);
  if (range) {
    const from = yearOf(range[1]!);
    const to = yearOf(range[2]!);
    if (from === undefined || to === undefined) return undefined;
    return from === to ? { kind: 'exact', date: String(from) } : { kind: 'range', fromYear: from, toYear: to };
  }
  const date = ofacDayMonthYear(value);
  return date === undefined ? undefined : { kind: 'exact', date };
}

/** "12 Oct 1972" → "1972-10-12", "Oct 1972" → "1972-10", "1972" → "1972", ISO stays ISO. */
function ofacDayMonthYear(value: string): string | undefined {
  let m = /^(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(value);
  if (m) {
    const month = MONTHS[m[2]!.toLowerCase()];
    return month === undefined ? undefined : `${m[3]}-${month}-${m[1]!.padStart(2, '0')}`;
  }
  m = /^([A-Za-z]{3})[a-z]*\.?\s+(\d{4})$/.exec(value);
  if (m) {
    const month = MONTHS[m[1]!.toLowerCase()];
    return month === undefined ? undefined : `${m[2]}-${month}`;
  }
  return isoDate(value);
}

function yearOf(value: string): number | undefined {
  const date = ofacDayMonthYear(value.trim());
  return date === undefined ? undefined : Number(date.slice(0, 4));
}

/** `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (a time part is dropped); undefined otherwise. */
export function isoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const m = /^(\d{4})(-\d{2})?(-\d{2})?(?:[T ].*)?$/.exec(value.trim());
  if (!m) return undefined;
  return `${m[1]}${m[2] ?? ''}${m[2] !== undefined ? (m[3] ?? '') : ''}`;
}

/** OFAC's Publish_Date "MM/DD/YYYY" → "YYYY-MM-DD". */
export function usDate(value: string | undefined): string | undefined {
  const m = value === undefined ? null : /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(value.trim());
  return m ? `${m[3]}-${m[1]!.padStart(2, '0')}-${m[2]!.padStart(2, '0')}` : undefined;
}

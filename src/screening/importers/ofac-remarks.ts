/**
 * OFAC's legacy CSV keeps dates of birth, places of birth, nationality, identity documents, gender and
 * weak a.k.a.s only inside the free-text Remarks column: "DOB 28 Jul 1963; POB Toledo District, Belize;
 * Passport P0017003 (Belize); a.k.a. 'BURTON BURGESS'." This reads those items back out.
 */
import type { EntryDate, EntryName } from '../model.ts';
import { toIso2 } from './countries.ts';
import { parseOfacDate } from './dates.ts';

export interface RemarkFacts {
  datesOfBirth: EntryDate[];
  placesOfBirth: string[];
  countries: string[];
  documents: string[];
  weakAliases: EntryName[];
  gender?: 'male' | 'female';
  linkedTo: string[];
}

/** Identity documents OFAC writes as "<kind> <number> (<country>)". */
const DOCUMENT_KINDS = [
  'Passport', 'National ID No.', 'Cedula No.', 'Identification Number', 'D.N.I.', 'C.U.R.P.',
  'Personal ID Card', 'NIT #', 'R.F.C.', 'Tax ID No.', 'Residency Number', 'Driver\'s License No.',
];
const documentPattern = new RegExp(
  `^(?:alt\\. )?(?:${DOCUMENT_KINDS.map((k) => k.replace(/[.#]/g, (c) => `\\${c}`)).join('|')}) (\\S+)`,
);

export function parseRemarks(remarks: string | undefined): RemarkFacts {
  const facts: RemarkFacts = { datesOfBirth: [], placesOfBirth: [], countries: [], documents: [], weakAliases: [], linkedTo: [] };
  if (remarks === undefined) return facts;
  for (const rawItem of remarks.split(/;\s+/)) {
    const item = rawItem.trim().replace(/\.$/, '');
    let m: RegExpExecArray | null;
    if ((m = /^(?:alt\. )?DOB (.+)$/.exec(item))) {
      const date = parseOfacDate(m[1]!);
      if (date !== undefined) facts.datesOfBirth.push(date);
    } else if ((m = /^(?:alt\. )?POB (.+)$/.exec(item))) {
      facts.placesOfBirth.push(m[1]!);
    } else if ((m = /^(?:alt\. )?(?:nationality|citizen) (.+)$/i.exec(item))) {
      const code = toIso2(m[1]!);
      if (code !== undefined && !facts.countries.includes(code)) facts.countries.push(code);
    } else if ((m = /^(?:a\.k\.a\.|f\.k\.a\.|n\.k\.a\.) '(.+)'$/.exec(item))) {
      // OFAC's instruction: names given this way in the remarks are weak a.k.a.s.
      facts.weakAliases.push({ full: m[1]!, strength: 'weak' });
    } else if ((m = /^Gender (Male|Female)$/.exec(item))) {
      facts.gender = m[1] === 'Male' ? 'male' : 'female';
    } else if ((m = /^Linked To: (.+)$/.exec(item))) {
      facts.linkedTo.push(m[1]!);
    } else if ((m = documentPattern.exec(item))) {
      facts.documents.push(m[1]!);
    }
  }
  return facts;
}

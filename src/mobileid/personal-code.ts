/**
 * Estonian and Lithuanian personal codes (isikukood / asmens kodas): `GYYMMDDSSSC`.
 * G encodes century and sex, YYMMDD the date of birth, C a checksum. Pure: shared by the gateway
 * (input validation, identity enrichment) and the simulator.
 */

export type Gender = 'male' | 'female';

export interface PersonalCodeInfo {
  /** ISO date of birth, `YYYY-MM-DD`. */
  dateOfBirth: string;
  gender: Gender;
}

export type PersonalCodeProblem = 'format' | 'century' | 'date' | 'checksum';

const WEIGHTS_1 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 1];
const WEIGHTS_2 = [3, 4, 5, 6, 7, 8, 9, 1, 2, 3];

/** The checksum digit the first ten digits call for. */
export function personalCodeChecksum(firstTen: string): number {
  const digits = [...firstTen].map(Number);
  const sum = (weights: number[]) => digits.reduce((acc, d, i) => acc + d * (weights[i] as number), 0) % 11;
  let check = sum(WEIGHTS_1);
  if (check === 10) check = sum(WEIGHTS_2);
  return check === 10 ? 0 : check;
}

/**
 * Date of birth and gender encoded in a code, without looking at the checksum: certificates
 * exist whose codes fail it, and an identity asserted by a trusted certificate is not rejected
 * for that. Returns undefined when the century digit or the date is impossible.
 */
export function describePersonalCode(code: string): PersonalCodeInfo | undefined {
  if (!/^\d{11}$/.test(code)) return undefined;
  const g = Number(code[0]);
  if (g < 1 || g > 8) return undefined;
  const century = 1800 + Math.floor((g - 1) / 2) * 100;
  const year = century + Number(code.slice(1, 3));
  const month = Number(code.slice(3, 5));
  const day = Number(code.slice(5, 7));
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  const pad = (n: number, w: number) => n.toString().padStart(w, '0');
  return { dateOfBirth: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`, gender: g % 2 === 1 ? 'male' : 'female' };
}

/** The first rule a code breaks, or undefined when it is a valid EE/LT personal code. */
export function personalCodeProblem(code: string): PersonalCodeProblem | undefined {
  if (!/^\d{11}$/.test(code)) return 'format';
  const g = Number(code[0]);
  if (g < 1 || g > 8) return 'century';
  if (!describePersonalCode(code)) return 'date';
  if (personalCodeChecksum(code.slice(0, 10)) !== Number(code[10])) return 'checksum';
  return undefined;
}

export function isValidPersonalCode(code: string): boolean {
  return personalCodeProblem(code) === undefined;
}

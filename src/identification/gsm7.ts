/**
 * The GSM 03.38 default alphabet and its extension table: what a phone shows for a message sent
 * as GSM-7. Extension characters take two septets, so they count twice against the length limit.
 */
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(BASIC);
const extension = new Set(EXTENSION);

/** Septets the text takes in GSM-7, or undefined when a character is outside the alphabet. */
export function gsm7Length(text: string): number | undefined {
  let length = 0;
  for (const ch of text) {
    if (basic.has(ch)) length += 1;
    else if (extension.has(ch)) length += 2;
    else return undefined;
  }
  return length;
}

/** UTF-16 code units the text takes in UCS-2, or undefined when it needs surrogate pairs UCS-2 lacks. */
export function ucs2Length(text: string): number | undefined {
  for (const ch of text) if (ch.codePointAt(0)! > 0xffff) return undefined;
  return text.length;
}

/**
 * Base64 decoding that refuses what it cannot decode exactly. Node's `Buffer.from(s, 'base64')` skips
 * characters outside the alphabet and never fails, so a damaged upstream field would silently turn into
 * different bytes; here it becomes `undefined` instead and the caller reports a malformed response.
 * Standard alphabet (MID uses java.util.Base64), padding optional, no whitespace.
 */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export function decodeBase64Strict(text: string): Uint8Array | undefined {
  if (text.length === 0 || !BASE64.test(text)) return undefined;
  const padded = text.includes('=');
  if (padded ? text.length % 4 !== 0 : text.length % 4 === 1) return undefined;
  const bytes = Buffer.from(text, 'base64');
  // Reject non-canonical text (e.g. "QQ=" or set bits in the last character's unused part) by re-encoding.
  if (bytes.toString('base64').replace(/=+$/, '') !== text.replace(/=+$/, '')) return undefined;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * The Mobile-ID verification code ("control code") the person sees on the phone:
 * the 6 most significant bits of the first hash byte and the 7 least significant bits of the
 * last byte, as one 13-bit number, printed as 4 digits. Computed over the RAW hash bytes.
 * Pure: shared by the gateway and the simulator.
 *
 * @example verificationCode(Buffer.from('AE7S1QxYjqtVv+Tgukv2bMMi9gDCbc9ca2vy/iIG6ug=', 'base64')) // '0104'
 */
export function verificationCode(hash: Uint8Array): string {
  if (hash.length === 0) throw new RangeError('hash must not be empty');
  const first = hash[0] as number;
  const last = hash[hash.length - 1] as number;
  const code = ((first & 0xfc) << 5) | (last & 0x7f);
  return code.toString().padStart(4, '0');
}

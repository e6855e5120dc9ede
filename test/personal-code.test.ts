import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describePersonalCode, isValidPersonalCode, personalCodeProblem } from '../src/mobileid/personal-code.ts';
import { verificationCode } from '../src/mobileid/verification-code.ts';
import { createHash } from 'node:crypto';

test('verification code vectors of mid-rest.md', () => {
  assert.equal(verificationCode(Buffer.from('2f665f6a6999e0ef0752e00ec9f453adf59d8cb6', 'hex')), '1462');
  const hackerman = createHash('sha256').update('HACKERMAN').digest();
  assert.equal(hackerman.toString('base64'), 'AE7S1QxYjqtVv+Tgukv2bMMi9gDCbc9ca2vy/iIG6ug=');
  assert.equal(verificationCode(hackerman), '0104');
});

test('verification code is always four digits', () => {
  assert.equal(verificationCode(Uint8Array.from([0, 0])), '0000');
  assert.equal(verificationCode(Uint8Array.from([0xff, 0xff])), '8191');
});

test('personal code example 37605030299 is 1976-05-03, male', () => {
  assert.deepEqual(describePersonalCode('37605030299'), { dateOfBirth: '1976-05-03', gender: 'male' });
  assert.equal(isValidPersonalCode('37605030299'), true);
});

test('demo test codes are valid and carry their dates', () => {
  for (const code of ['60001019906', '60001017705', '60001017716', '60001017869', '39901019992', '50001018865']) {
    assert.equal(personalCodeProblem(code), undefined, code);
  }
  assert.deepEqual(describePersonalCode('60001019906'), { dateOfBirth: '2000-01-01', gender: 'female' });
  assert.deepEqual(describePersonalCode('50001018865'), { dateOfBirth: '2000-01-01', gender: 'male' });
  assert.deepEqual(describePersonalCode('39901019992'), { dateOfBirth: '1999-01-01', gender: 'male' });
});

test('personal code rules: format, century digits 1-8, date, checksum', () => {
  assert.equal(personalCodeProblem('3760503029'), 'format');
  assert.equal(personalCodeProblem('3760503029a'), 'format');
  assert.equal(personalCodeProblem('97605030299'), 'century');
  assert.equal(personalCodeProblem('07605030299'), 'century');
  assert.equal(personalCodeProblem('37602300299'), 'date');
  assert.equal(personalCodeProblem('37613030299'), 'date');
  assert.equal(personalCodeProblem('37605030298'), 'checksum');
  assert.deepEqual(describePersonalCode('10001010000')?.dateOfBirth, '1800-01-01');
  assert.deepEqual(describePersonalCode('80001010000')?.dateOfBirth, '2100-01-01');
  // 2000 is a leap year, 1900 is not
  assert.ok(describePersonalCode('60002290000'));
  assert.equal(describePersonalCode('40002290000'), undefined);
});

test('checksum falls back to the second weights and then to 0', () => {
  // Found by search: codes whose first-weight sum is 10 mod 11.
  let second = 0;
  for (let n = 0; n < 20000 && second < 3; n++) {
    const base = `3760503${n.toString().padStart(3, '0')}`.slice(0, 10);
    const digits = [...base].map(Number);
    const s1 = digits.reduce((a, d, i) => a + d * [1, 2, 3, 4, 5, 6, 7, 8, 9, 1][i]!, 0) % 11;
    if (s1 !== 10) continue;
    const s2 = digits.reduce((a, d, i) => a + d * [3, 4, 5, 6, 7, 8, 9, 1, 2, 3][i]!, 0) % 11;
    const expected = s2 === 10 ? 0 : s2;
    assert.equal(isValidPersonalCode(base + expected), true);
    second++;
  }
  assert.ok(second > 0);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import { parseSignatureAlgorithm, verifyHashSignature } from '../../src/mobileid/hash-signature.ts';

test('MID algorithm names parse case-insensitively; anything else is refused', () => {
  assert.deepEqual(parseSignatureAlgorithm('SHA256WithECEncryption'), { hashType: 'SHA256', keyType: 'EC' });
  assert.deepEqual(parseSignatureAlgorithm('sha512withrsaencryption'), { hashType: 'SHA512', keyType: 'RSA' });
  assert.deepEqual(parseSignatureAlgorithm('SHA384WITHECENCRYPTION'), { hashType: 'SHA384', keyType: 'EC' });
  for (const name of ['', 'SHA1WithRSAEncryption', 'SHA256withECDSA', 'SHA256WithECEncryption ', 'ECDSA']) {
    assert.equal(parseSignatureAlgorithm(name), undefined, name);
  }
});

test('keys Mobile-ID does not use are reported unsupported, not verified', () => {
  const hash = createHash('sha256').update('x').digest();
  const keys = {
    ed25519: generateKeyPairSync('ed25519').publicKey,
    secp256k1: generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey,
    'P-521': generateKeyPairSync('ec', { namedCurve: 'P-521' }).publicKey,
  };
  for (const [name, publicKey] of Object.entries(keys)) {
    assert.equal(verifyHashSignature(publicKey, 'SHA256', hash, new Uint8Array(64)), 'unsupported_key', name);
  }
});

test('signatures of the wrong length are invalid, never an exception', () => {
  const hash = createHash('sha256').update('x').digest();
  const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const ecSig = sign('sha256', Buffer.from('x'), { key: ec.privateKey, dsaEncoding: 'ieee-p1363' });
  assert.equal(verifyHashSignature(ec.publicKey, 'SHA256', hash, ecSig), 'valid');
  for (const bad of [ecSig.subarray(0, 63), Buffer.concat([ecSig, Buffer.of(0)]), Buffer.alloc(0), Buffer.alloc(64)]) {
    assert.equal(verifyHashSignature(ec.publicKey, 'SHA256', hash, bad), 'invalid');
  }
  const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const rsaSig = sign('sha256', Buffer.from('x'), rsa.privateKey);
  assert.equal(verifyHashSignature(rsa.publicKey, 'SHA256', hash, rsaSig), 'valid');
  // One byte short is not accepted as a left-padded integer; all-ones is not below the modulus.
  for (const bad of [rsaSig.subarray(1), Buffer.concat([Buffer.of(0), rsaSig]), Buffer.alloc(128, 0xff), Buffer.alloc(0)]) {
    assert.equal(verifyHashSignature(rsa.publicKey, 'SHA256', hash, bad), 'invalid');
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeBase64Strict } from '../../src/mobileid/strict-base64.ts';

test('decodes standard Base64, with or without padding', () => {
  assert.deepEqual(Buffer.from(decodeBase64Strict('AE7S1Q==') ?? []), Buffer.from('004ed2d5', 'hex'));
  assert.deepEqual(Buffer.from(decodeBase64Strict('AE7S1Q') ?? []), Buffer.from('004ed2d5', 'hex'));
  assert.deepEqual(Buffer.from(decodeBase64Strict('+/+/') ?? []), Buffer.from('fbffbf', 'hex'));
});

test('refuses what Buffer.from would silently repair or drop', () => {
  for (const text of ['', 'AE7S 1Q==', 'AE7S1Q==\n', 'AE7S-1Q', 'AE7S_1Q', 'AE7S1Q=', 'A===', 'AE7S1R==', 'QQ=', 'A', '====']) {
    assert.equal(decodeBase64Strict(text), undefined, JSON.stringify(text));
  }
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger } from '../src/logger.ts';

test('personal fields are redacted at the top level and inside identity/session objects', () => {
  const lines: string[] = [];
  const logger = createLogger('info', new Writable({ write(chunk, _e, cb) { lines.push(chunk.toString()); cb(); } }));
  logger.info({ phone: '+37200000766', access_token: 'secret-token', identity: { name: 'MARY', code: '60001019906' }, session: { cert: 'MIIB' }, event: 'x' }, 'm');
  const line = lines.join('');
  for (const secret of ['+37200000766', 'secret-token', 'MARY', '60001019906', 'MIIB']) assert.ok(!line.includes(secret), secret);
  assert.match(line, /"event":"x"/);
  assert.match(line, /\[redacted\]/);
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FinishedSessionsCache } from '../src/identification/finished-sessions-cache.ts';

test('a cached answer is served only to its client and only within retention', () => {
  const cache = new FinishedSessionsCache(10, 1000);
  cache.remember('t', { clientId: 1, finishedAt: 5000, okBody: Buffer.from('{}') });
  assert.equal(cache.get('t', 2, 5500), undefined);
  assert.equal(cache.get('t', 1, 5500)?.okBody?.toString(), '{}');
  // At the retention boundary the session counts as purged, as the retention job would have it.
  assert.equal(cache.get('t', 1, 6000), undefined);
  assert.equal(cache.size, 0);
});

test('the oldest entries are evicted beyond the bound; forget and clear drop entries', () => {
  const cache = new FinishedSessionsCache(2, 60_000);
  cache.remember('a', { clientId: 1, finishedAt: 0, errorCode: 40020 });
  cache.remember('b', { clientId: 1, finishedAt: 0, errorCode: 40020 });
  cache.remember('c', { clientId: 1, finishedAt: 0, errorCode: 40020 });
  assert.equal(cache.get('a', 1, 1), undefined);
  assert.equal(cache.get('c', 1, 1)?.errorCode, 40020);
  cache.forget('c');
  assert.equal(cache.get('c', 1, 1), undefined);
  cache.clear();
  assert.equal(cache.size, 0);
});

test('a zero-size cache keeps nothing', () => {
  const cache = new FinishedSessionsCache(0, 60_000);
  cache.remember('a', { clientId: 1, finishedAt: 0, okBody: Buffer.from('{}') });
  assert.equal(cache.size, 0);
});

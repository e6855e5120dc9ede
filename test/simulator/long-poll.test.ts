/**
 * MID's long-poll rules over real HTTP. No test waits for SK's real durations: the simulator's
 * delays are configured short, and where a rule is "answer at once" the test would otherwise run
 * into its own timeout, which is how these tests observe it without asserting timings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { pollTimeout } from '../../src/simulator/mid-api.ts';
import { startSimulator } from '../../src/simulator/server.ts';
import { MARY, get, post, runSession, startBody } from './helpers.ts';

const CANCELLED = { phoneNumber: '+37201100266', nationalIdentityNumber: '60001019950' };

test('timeoutMs: default 10000, raised to 1000, capped at the configured maximum, integers only', () => {
  assert.equal(pollTimeout(undefined, 120_000), 10_000);
  assert.equal(pollTimeout('0', 120_000), 1_000);
  assert.equal(pollTimeout('-5', 120_000), 1_000);
  assert.equal(pollTimeout('999', 120_000), 1_000);
  assert.equal(pollTimeout('1500', 120_000), 1_500);
  assert.equal(pollTimeout('600000', 120_000), 120_000);
  assert.equal(pollTimeout(undefined, 5_000), 5_000);
  assert.equal(pollTimeout('1.5', 120_000), undefined);
  assert.equal(pollTimeout('abc', 120_000), undefined);
  assert.equal(pollTimeout(['1000', '2000'], 120_000), undefined);
});

test('a poll on a person who has not answered yet returns RUNNING when its time is up (OK and error persons alike)', { timeout: 15_000 }, async () => {
  const sim = await startSimulator({ okDelayMs: 60_000, maxPollMs: 1_000 });
  try {
    // timeoutMs=1 is raised to 1000; a huge one and the default are capped at maxPollMs (1000): all
    // return. One session per poll, polled in parallel, so that no poll preempts another.
    const polls = [MARY, CANCELLED].flatMap((person) => ['?timeoutMs=1', '?timeoutMs=1000', '?timeoutMs=100000000', ''].map(async (query) => {
      const { body } = await post(sim.url, '/authentication', startBody(person));
      return get(sim.url, `/authentication/session/${body.sessionID}${query}`);
    }));
    for (const status of await Promise.all(polls)) {
      assert.equal(status.status, 200);
      assert.deepEqual(Object.keys(status.body).sort(), ['state', 'time', 'traceId']);
      assert.equal(status.body.state, 'RUNNING');
    }
  } finally {
    await sim.close();
  }
});

test('a state change answers a waiting poll at once', { timeout: 10_000 }, async () => {
  const sim = await startSimulator({ okDelayMs: 300 });
  try {
    const { body } = await post(sim.url, '/authentication', startBody(MARY));
    // Would take 60 s (beyond this test's timeout) if the change did not end the wait.
    const status = await get(sim.url, `/authentication/session/${body.sessionID}?timeoutMs=60000`);
    assert.equal(status.body.state, 'COMPLETE');
    assert.equal(status.body.result, 'OK');
  } finally {
    await sim.close();
  }
});

test('a newer poll for the same session makes the older one answer RUNNING at once', { timeout: 15_000 }, async () => {
  const sim = await startSimulator({ okDelayMs: 60_000 });
  try {
    const { body } = await post(sim.url, '/authentication', startBody(MARY));
    const path = `/authentication/session/${body.sessionID}`;
    let olderDone = false;
    const older = get(sim.url, `${path}?timeoutMs=60000`).finally(() => { olderDone = true; });
    // Whichever of the two polls reaches the server first is preempted by the other, so keep
    // sending newer polls until the 60-second one has been preempted.
    const newer: Promise<unknown>[] = [];
    while (!olderDone) {
      newer.push(get(sim.url, `${path}?timeoutMs=1000`));
      await Promise.race([older, sleep(100)]);
    }
    const answer = await older;
    assert.equal(answer.status, 200);
    assert.equal(answer.body.state, 'RUNNING');
    for (const poll of await Promise.all(newer)) assert.equal((poll as { body: { state: string } }).body.state, 'RUNNING');
  } finally {
    await sim.close();
  }
});

test('a completed session answers the same COMPLETE answer again until its lifetime ends, then 404', { timeout: 10_000 }, async () => {
  const sim = await startSimulator({ okDelayMs: 0, sessionLifetimeMs: 400 });
  try {
    const { body } = await post(sim.url, '/authentication', startBody(MARY));
    const path = `/authentication/session/${body.sessionID}?timeoutMs=1000`;
    const first = await get(sim.url, path);
    const second = await get(sim.url, path);
    assert.equal(first.body.result, 'OK');
    assert.deepEqual({ ...second.body, time: 0, traceId: 0 }, { ...first.body, time: 0, traceId: 0 });
    await sleep(500);
    const gone = await get(sim.url, path);
    assert.equal(gone.status, 404);
    assert.equal(gone.body.error, 'SessionID not found');
  } finally {
    await sim.close();
  }
});

test('a running session also vanishes after its lifetime', { timeout: 10_000 }, async () => {
  const sim = await startSimulator({ okDelayMs: 60_000, sessionLifetimeMs: 300 });
  try {
    const { body } = await post(sim.url, '/signature', startBody(MARY));
    await sleep(400);
    assert.equal((await get(sim.url, `/signature/session/${body.sessionID}?timeoutMs=1000`)).status, 404);
  } finally {
    await sim.close();
  }
});

test('an authentication id is unknown under /signature/session/ and the reverse', async () => {
  const sim = await startSimulator({ okDelayMs: 0 });
  try {
    const auth = (await post(sim.url, '/authentication', startBody(MARY))).body.sessionID;
    const sign = (await post(sim.url, '/signature', startBody(MARY))).body.sessionID;
    assert.equal((await get(sim.url, `/signature/session/${auth}`)).status, 404);
    assert.equal((await get(sim.url, `/authentication/session/${sign}`)).status, 404);
    assert.equal((await get(sim.url, `/signature/session/${auth}`)).body.error, 'SessionID not found');
    // Each still answers under its own path.
    assert.equal((await get(sim.url, `/authentication/session/${auth}?timeoutMs=1000`)).body.state, 'COMPLETE');
    assert.equal((await get(sim.url, `/signature/session/${sign}?timeoutMs=1000`)).body.state, 'COMPLETE');
  } finally {
    await sim.close();
  }
});

test('TIMEOUT persons end after the user timeout, not after the answer delay', { timeout: 10_000 }, async () => {
  const sim = await startSimulator({ okDelayMs: 60_000, userTimeoutMs: 200 });
  try {
    const status = await runSession(sim.url, 'authentication', { phoneNumber: '+37266000266', nationalIdentityNumber: '50001018908' });
    assert.deepEqual([status.body.state, status.body.result], ['COMPLETE', 'TIMEOUT']);
  } finally {
    await sim.close();
  }
});

test('close() does not wait for outstanding long polls', { timeout: 10_000 }, async () => {
  const sim = await startSimulator({ okDelayMs: 60_000 });
  const { body } = await post(sim.url, '/authentication', startBody(MARY));
  const pending = get(sim.url, `/authentication/session/${body.sessionID}?timeoutMs=60000`).catch((error: Error) => error);
  await sleep(100);
  await sim.close();
  await pending;
});

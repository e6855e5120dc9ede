/**
 * `eidgate try` as a user runs it: the real CLI (bin/eidgate.js) in a child process, against a real
 * gateway and simulator started here. Checks what the person and scripts rely on: the table, the
 * control code, `--json` being the gateway's answer, exit codes, and the no-token message.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postJson, startTestGateway, type TestGateway } from './helpers/gateway.ts';
import { EIDGATE_BIN, runNode, type ProcessResult } from './helpers/run-node.ts';
import { ListsRepository } from '../src/screening/lists-repository.ts';
import { importDemoWatchlist } from '../src/screening/demo-watchlist.ts';

const MARY = ['--phone', '+37200000766', '--code', '60001019906'];
const CANCELS = ['--phone', '+37201100266', '--code', '60001019950'];
const NOT_MID = ['--phone', '+37200000266', '--code', '60001019939'];

let gw: TestGateway;
/** An empty working directory: no ./data/demo-token to fall back on. */
let emptyDir: string;

before(async () => {
  gw = await startTestGateway({
    simulator: { okDelayMs: 0 },
    seed: async (store) => { await importDemoWatchlist(new ListsRepository(store)); },
  });
  emptyDir = await mkdtemp(join(tmpdir(), 'eidgate-try-'));
});
after(async () => {
  await gw.close();
  await rm(emptyDir, { recursive: true, force: true });
});

function eidgateTry(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<ProcessResult> {
  return runNode([EIDGATE_BIN, 'try', ...args], { cwd: options.cwd ?? emptyDir, env: options.env ?? {}, unset: ['EIDGATE_URL', 'EIDGATE_TOKEN'] });
}

const against = () => ['--url', gw.url, '--token', gw.token];

describe('eidgate try', { concurrency: true }, () => {
  test('ok: exit 0, the control code shown, and the verified identity as a table with the screening matches', async () => {
    const r = await eidgateTry([...MARY, ...against(), '--sanctions', '--peps']);
    assert.equal(r.code, 0, r.stderr);
    const shown = /Control code:\s+(\d{4})/.exec(r.stderr)?.[1];
    assert.ok(shown, r.stderr);
    assert.match(r.stdout, /Name\s+MARY ÄNN\n/);
    assert.match(r.stdout, /Surname\s+O’CONNEŽ-ŠUSLIK TESTNUMBER\n/);
    assert.match(r.stdout, /Personal code\s+60001019906\n/);
    assert.match(r.stdout, /Country\s+EE\n/);
    assert.match(r.stdout, /Date of birth\s+2000-01-01\n/);
    assert.match(r.stdout, /Gender\s+female\n/);
    assert.match(r.stdout, /Certificate issuer\s+TEST of ESTEID-SK 2015, AS Sertifitseerimiskeskus \(EE\)\n/);
    assert.match(r.stdout, /Certificate valid\s+\d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2}\n/);
    assert.match(r.stdout, new RegExp(`Control code\\s+${shown}\\n`));
    assert.match(r.stdout, /List\s+demo-sanctions\n/);
    assert.match(r.stdout, /Position\s+.*Harbour Authority/);
    assert.match(r.stdout, /Score\s+0\.\d{3}\n/);
    assert.match(r.stdout, /Why it matched:\n\s+-?\d+\.\d{3}\s+\S+: \S/);
  });

  test('--json: stdout is exactly the gateway\'s final status answer; the control code goes to stderr', async () => {
    const r = await eidgateTry([...MARY, ...against(), '--json']);
    assert.equal(r.code, 0, r.stderr);
    const printed = JSON.parse(r.stdout);
    const status = await postJson(`${gw.url}/en/mobile/status/${printed.token}.json`, { access_token: gw.token });
    assert.equal(status.body.status, 'ok');
    assert.deepEqual(printed, status.body);
    assert.match(r.stderr, new RegExp(`Control code:\\s+${printed.control_code}`));
  });

  test('USER_CANCELLED: exit 2 with the error code, as text and as --json', async () => {
    const [text, json] = await Promise.all([eidgateTry([...CANCELS, ...against()]), eidgateTry([...CANCELS, ...against(), '--json', '--locale', 'lt'])]);
    assert.equal(text.code, 2);
    assert.match(text.stderr, /Identification failed: User has refused the session \(error 40020\)/);
    assert.equal(text.stdout, '');
    assert.equal(json.code, 2);
    assert.deepEqual(JSON.parse(json.stdout), { status: 'error', message: 'Naudotojas atšaukė sesiją', error_code: 40020 });
  });

  test('not a Mobile-ID user: exit 4', async () => {
    const r = await eidgateTry([...NOT_MID, ...against()]);
    assert.equal(r.code, 4);
    assert.match(r.stderr, /\(error 40401\)/);
  });

  test('no gateway at --url: exit 6 with a hint', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise((resolve) => server.close(resolve));
    const r = await eidgateTry([...MARY, '--url', `http://127.0.0.1:${port}`, '--token', 'x']);
    assert.equal(r.code, 6);
    assert.match(r.stderr, /could not reach the gateway.*\(network\)/);
    assert.match(r.stderr, /npm start/);
  });

  test('defaults: the URL from EIDGATE_URL, the token from ./data/demo-token (what `npm start` writes)', async () => {
    const demoDir = join(emptyDir, 'demo');
    await mkdir(join(demoDir, 'data'), { recursive: true });
    await writeFile(join(demoDir, 'data', 'demo-token'), `${gw.token}\n`);
    const r = await eidgateTry(MARY, { cwd: demoDir, env: { EIDGATE_URL: gw.url } });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Name\s+MARY ÄNN\n/);
  });

  test('no access token anywhere: a clear message and exit 1', async () => {
    const r = await eidgateTry([...MARY, '--url', gw.url]);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /no access token\. Pass --token, set EIDGATE_TOKEN, or start the demo with `npm start`/);
  });
});

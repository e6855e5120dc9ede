/**
 * Throughput of the status endpoint for a finished session, against a bare Fastify route that
 * returns the same JSON, in the same run, on the same machine. Prints both and their ratio.
 *
 *   npx tsx bench/status.ts [--duration 10] [--connections 50] [--rounds 2]
 *
 * The gateway runs as configured for production (SQLite file, access-token lookup, session read,
 * one JSON log line per request at level info, written to /dev/null). The load comes from
 * autocannon in a separate process, so it does not share the servers' event loop.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import Fastify from 'fastify';
import pino from 'pino';
import { parseArgs } from 'node:util';
import { createGateway } from '../src/app.ts';
import { defaultConfig } from '../src/config.ts';
import { openDatabase } from '../src/store/db.ts';
import { ensureClient } from '../src/identification/access-tokens.ts';
import { trustAnchorsFromPem } from '../src/mobileid/trust-anchors.ts';
import { startSimulator } from '../src/simulator/server.ts';
import { createLogger } from '../src/logger.ts';

const { values } = parseArgs({ options: {
  duration: { type: 'string', default: '10' },
  connections: { type: 'string', default: '50' },
  rounds: { type: 'string', default: '2' },
} });
const duration = Number(values.duration);
const connections = Number(values.connections);
const rounds = Number(values.rounds);

const autocannonBin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Load { requests: number; rps: number; p50: number; p99: number; errors: number; non2xx: number }

function load(url: string, body: string, seconds: number): Promise<Load> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [autocannonBin, '--json', '-c', String(connections), '-d', String(seconds),
      '-m', 'POST', '-H', 'content-type=application/json', '-b', body, url], { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; });
    child.on('error', reject);
    child.on('close', () => {
      try {
        const r = JSON.parse(out);
        resolve({ requests: r.requests.total, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, errors: r.errors, non2xx: r.non2xx });
      } catch (error) {
        reject(error);
      }
    });
  });
}

const dir = await mkdtemp(join(tmpdir(), 'eidgate-bench-'));
await mkdir(dir, { recursive: true });
const simulator = await startSimulator({ port: 0, okDelayMs: 0 });
const store = await openDatabase({ sqlitePath: join(dir, 'eidgate.db') });
const { token: accessToken } = await ensureClient(store, 'bench');
const config = defaultConfig();
config.port = 0;
config.mid.baseUrl = simulator.url;
config.sqlitePath = join(dir, 'eidgate.db');
// The production logger (with its redaction), writing to /dev/null.
const logger = createLogger(process.env.EIDGATE_LOG_LEVEL ?? 'info', pino.destination({ dest: '/dev/null', sync: false }));
const gateway = await createGateway(config, { store, logger, anchors: trustAnchorsFromPem(simulator.ca.pems()) });
const gatewayUrl = await gateway.listen();

const request = JSON.stringify({ access_token: accessToken });
const login = await (await fetch(`${gatewayUrl}/en/mobile/login.json`, { method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ access_token: accessToken, phone: '+37200000766', code: '60001019906' }) })).json() as { token: string };
const statusUrl = `${gatewayUrl}/en/mobile/status/${login.token}.json`;
const finished = await (await fetch(statusUrl, { method: 'POST', headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ access_token: accessToken, wait: 10 }) })).json() as { status: string };
if (finished.status !== 'ok') throw new Error(`the session did not end ok: ${JSON.stringify(finished)}`);

const bare = Fastify({ logger: false });
bare.post('/en/mobile/status/:token.json', async (_request, reply) => reply.header('content-type', 'application/json').send(finished));
const bareBase = await bare.listen({ host: '127.0.0.1', port: 0 });
const bareUrl = `${bareBase}/en/mobile/status/${login.token}.json`;

// Warm up both (JIT, SQLite page cache), then alternate rounds so drift hits both alike.
await load(statusUrl, request, 2);
await load(bareUrl, request, 2);
const results: { round: number; target: 'bare' | 'eidgate'; load: Load }[] = [];
for (let round = 1; round <= rounds; round++) {
  results.push({ round, target: 'bare', load: await load(bareUrl, request, duration) });
  results.push({ round, target: 'eidgate', load: await load(statusUrl, request, duration) });
}

const mean = (target: 'bare' | 'eidgate', key: keyof Load) =>
  results.filter((r) => r.target === target).reduce((sum, r) => sum + r.load[key], 0) / rounds;
const summary = {
  date: new Date().toISOString(),
  machine: { cpus: cpus().length, model: cpus()[0]?.model, node: process.version },
  settings: { duration, connections, rounds, logLevel: logger.level },
  bare: { rps: mean('bare', 'rps'), p50: mean('bare', 'p50'), p99: mean('bare', 'p99') },
  eidgate: { rps: mean('eidgate', 'rps'), p50: mean('eidgate', 'p50'), p99: mean('eidgate', 'p99') },
  ratio: mean('eidgate', 'rps') / mean('bare', 'rps'),
  errors: results.reduce((sum, r) => sum + r.load.errors + r.load.non2xx, 0),
  rounds: results,
};

console.log(`status endpoint, finished session — ${connections} connections, ${duration} s × ${rounds} rounds each`);
console.log('target      req/s     p50 ms   p99 ms');
for (const target of ['bare', 'eidgate'] as const) {
  const s = summary[target];
  console.log(`${target.padEnd(10)}${s.rps.toFixed(0).padStart(7)}${s.p50.toFixed(1).padStart(11)}${s.p99.toFixed(1).padStart(9)}`);
}
console.log(`ratio eidgate / bare: ${summary.ratio.toFixed(3)} (target ≥ 0.7); errors and non-2xx: ${summary.errors}`);
await mkdir('bench/results', { recursive: true });
await writeFile('bench/results/status.json', `${JSON.stringify(summary, null, 2)}\n`);

await bare.close();
await gateway.close();
await store.close();
await simulator.close();
await rm(dir, { recursive: true, force: true });

/**
 * The simulator as a running server: `startSimulator(options)` builds the test CA (cached per
 * process), the persons and their certificates, and serves the MID REST API on a real socket.
 * This is the programmatic entry point for tests and for `eidgate simulator`.
 *
 * @example
 * const sim = await startSimulator({ okDelayMs: 0 });       // port 0: a random free port
 * // sim.url === 'http://127.0.0.1:<port>/mid-api'; trust sim.ca.pems() in the gateway
 * sim.setFaults([{ fault: 'bad-signature', phone: '+37200000766', times: 1 }]);
 * await sim.close();
 */
import { pino, type Logger } from 'pino';
import { FaultBook, type FaultRule } from './faults.ts';
import { BASE_PATH, buildMidApi } from './mid-api.ts';
import { credentialsFor, derBase64 } from './person-certificates.ts';
import { PersonDirectory, parsePersonDefinition, type Person, type PersonDefinition } from './persons.ts';
import { DEMO_RELYING_PARTY, type RelyingParty } from './request-validation.ts';
import { SessionStore } from './sessions.ts';
import { exportCa, getTestCa, issuingCaPems } from './test-ca.ts';

export interface SimulatorOptions {
  /** Default 0 (a random free port). */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Accepted relying parties; default only SK's demo one (`00000000-…-000000000000`, `DEMO`). */
  relyingParties?: RelyingParty[];
  /** Persons added to SK's demo table (a person with the same phone and code replaces the demo row). */
  persons?: PersonDefinition[];
  /** Keep the test CA here (created and saved when empty); default: an in-memory CA cached per process. */
  caDir?: string;
  /** Delay before a session ends with its person's outcome (TIMEOUT persons excepted). Default 3000. */
  okDelayMs?: number;
  /** Delay before a TIMEOUT person's session ends. Default 120000. */
  userTimeoutMs?: number;
  /** Sessions vanish this long after creation (then 404). Default 300000. */
  sessionLifetimeMs?: number;
  /** Largest honoured `timeoutMs` of a status poll. Default 120000; at least 1000. */
  maxPollMs?: number;
  /** Fault rules in force from the start. */
  faults?: FaultRule[];
  /** Where to write one JSON line per request; default: nowhere. */
  logger?: Logger;
}

/** A Mobile-ID client's two certificates, base64 DER. */
export interface PersonCertificates {
  /** Returned by OK authentication sessions. */
  authentication: string;
  /** Returned by `/certificate`; its key signs `/signature` sessions. */
  signing: string;
}

export interface RunningSimulator {
  /** Base URL including `/mid-api`, e.g. `http://127.0.0.1:41234/mid-api`. */
  url: string;
  ca: {
    /** PEMs of the issuing CAs (`TEST of ESTEID-SK 2015`, `TEST of EID-SK 2016`): a gateway's trust anchors. */
    pems(): string[];
    /** Writes the issuing CAs and the root as PEM files, named as in SK's trust folders. */
    exportTo(dir: string): Promise<void>;
  };
  /** Everyone the simulator knows: SK's demo rows and the added persons. */
  persons: Person[];
  /** A Mobile-ID client's certificates (issued on first use, then cached per process); undefined for anyone else. */
  certificates(phone: string, code: string): Promise<PersonCertificates | undefined>;
  /** Replaces the fault rules in force (an empty list switches faults off). */
  setFaults(faults: FaultRule[]): void;
  close(): Promise<void>;
}

export const DEFAULTS = {
  port: 0,
  host: '127.0.0.1',
  okDelayMs: 3_000,
  userTimeoutMs: 120_000,
  sessionLifetimeMs: 300_000,
  maxPollMs: 120_000,
} as const;

function nonNegative(name: string, value: number, min = 0): number {
  if (!Number.isFinite(value) || value < min) throw new RangeError(`${name} must be a number ≥ ${min}`);
  return value;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
  const timing = {
    okDelayMs: nonNegative('okDelayMs', options.okDelayMs ?? DEFAULTS.okDelayMs),
    userTimeoutMs: nonNegative('userTimeoutMs', options.userTimeoutMs ?? DEFAULTS.userTimeoutMs),
    maxPollMs: nonNegative('maxPollMs', options.maxPollMs ?? DEFAULTS.maxPollMs, 1_000),
  };
  const lifetime = nonNegative('sessionLifetimeMs', options.sessionLifetimeMs ?? DEFAULTS.sessionLifetimeMs, 1);
  const extra = (options.persons ?? []).map((definition, index) => parsePersonDefinition(definition, `persons[${index}]`));
  const persons = new PersonDirectory(extra);
  const faults = new FaultBook(options.faults ?? []);

  const ca = await getTestCa(options.caDir);
  // Issued on first use: key generation (RSA above all) is the slow part of starting, and most
  // test suites meet only a few of the persons.
  const credentials = async (phone: string, code: string) => {
    const person = persons.find(phone, code);
    return person?.midClient ? credentialsFor(ca, person) : undefined;
  };

  const sessions = new SessionStore(lifetime);
  const closing = new AbortController();
  const app = buildMidApi({
    ca, persons, credentials, sessions, faults, timing, closing: closing.signal,
    relyingParties: options.relyingParties ?? [DEMO_RELYING_PARTY],
    logger: options.logger ?? pino({ enabled: false }),
  });
  const host = options.host ?? DEFAULTS.host;
  await app.listen({ port: options.port ?? DEFAULTS.port, host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}${BASE_PATH}`,
    ca: {
      pems: () => issuingCaPems(ca),
      exportTo: async (dir) => { await exportCa(ca, dir); },
    },
    persons: persons.all().map((person) => ({ ...person })),
    async certificates(phone, code) {
      const issued = await credentials(phone, code);
      return issued && { authentication: derBase64(issued.authCertificate), signing: derBase64(issued.signCertificate) };
    },
    setFaults: (rules) => faults.set(rules),
    async close() {
      closing.abort();
      sessions.close();
      await app.close();
    },
  };
}

/**
 * Fault injection: rules that make the simulator misbehave the way a real upstream can, so that a
 * gateway's handling of each misbehaviour can be tested.
 *
 * A rule names a fault and optionally narrows it to an endpoint and/or a person's phone, and to a
 * number of applications (`times`). A rule is consumed only when it actually changes a response:
 * `bad-signature` waits for an OK answer, so RUNNING polls before it do not use it up.
 */
import { readFile } from 'node:fs/promises';

export const FAULTS = [
  'http-500', 'http-503', 'hang', 'malformed-json', 'extra-field',
  'bad-signature', 'untrusted-cert', 'expired-cert', 'wrong-identity-cert', 'unknown-result',
] as const;
export type FaultKind = (typeof FAULTS)[number];

export const ENDPOINTS = [
  'certificate', 'authentication', 'signature', 'authentication-status', 'signature-status', 'version',
] as const;
export type Endpoint = (typeof ENDPOINTS)[number];

export interface FaultRule {
  fault: FaultKind;
  /** Only this endpoint; all endpoints when absent. */
  endpoint?: Endpoint;
  /** Only requests about this phone number (status calls: the session's phone); any when absent. */
  phone?: string;
  /** How many responses it changes before it is used up; unlimited when absent. */
  times?: number;
  /** `hang`: how long to hold the request before answering normally (default 30000). */
  ms?: number;
  /** `unknown-result`: the result value to send (default `SIMULATED_UNKNOWN_RESULT`). */
  result?: string;
}

export class FaultSpecError extends Error {}

export const DEFAULT_HANG_MS = 30_000;
export const DEFAULT_UNKNOWN_RESULT = 'SIMULATED_UNKNOWN_RESULT';

/** Checks a rule from JSON or code, so that a typo fails loudly instead of never firing. */
export function parseFaultRule(raw: unknown, where = 'fault'): FaultRule {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new FaultSpecError(`${where}: must be an object`);
  const entry = raw as Record<string, unknown>;
  for (const key of Object.keys(entry)) {
    if (!['fault', 'endpoint', 'phone', 'times', 'ms', 'result'].includes(key)) throw new FaultSpecError(`${where}: unknown field "${key}"`);
  }
  const { fault, endpoint, phone, times, ms, result } = entry;
  if (typeof fault !== 'string' || !(FAULTS as readonly string[]).includes(fault)) {
    throw new FaultSpecError(`${where}: "fault" must be one of ${FAULTS.join(', ')}`);
  }
  if (endpoint !== undefined && (typeof endpoint !== 'string' || !(ENDPOINTS as readonly string[]).includes(endpoint))) {
    throw new FaultSpecError(`${where}: "endpoint" must be one of ${ENDPOINTS.join(', ')}`);
  }
  if (phone !== undefined && (typeof phone !== 'string' || !/^\+\d{8,30}$/.test(phone))) {
    throw new FaultSpecError(`${where}: "phone" must look like +37200000766`);
  }
  const positiveInteger = (value: unknown, name: string, min: number) => {
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
      throw new FaultSpecError(`${where}: "${name}" must be an integer ≥ ${min}`);
    }
  };
  positiveInteger(times, 'times', 1);
  positiveInteger(ms, 'ms', 0);
  if (result !== undefined && typeof result !== 'string') throw new FaultSpecError(`${where}: "result" must be a string`);
  return {
    fault: fault as FaultKind,
    ...(endpoint === undefined ? {} : { endpoint: endpoint as Endpoint }),
    ...(phone === undefined ? {} : { phone }),
    ...(times === undefined ? {} : { times: times as number }),
    ...(ms === undefined ? {} : { ms: ms as number }),
    ...(result === undefined ? {} : { result }),
  };
}

/**
 * The command-line form: `FAULT[:key=value,...]`, e.g.
 * `bad-signature:phone=+37200000766,endpoint=authentication-status,times=1` or `http-503:endpoint=authentication`.
 */
export function parseFaultSpec(spec: string): FaultRule {
  const [fault = '', options] = spec.split(/:(.*)/s, 2);
  const rule: Record<string, unknown> = { fault };
  if (options) {
    for (const pair of options.split(',')) {
      const eq = pair.indexOf('=');
      if (eq <= 0) throw new FaultSpecError(`--fault ${spec}: "${pair}" is not key=value`);
      const key = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      rule[key] = key === 'times' || key === 'ms' ? (/^\d+$/.test(value) ? Number(value) : value) : value;
    }
  }
  return parseFaultRule(rule, `--fault ${spec}`);
}

/** A scenario file: `{"faults": [rule, ...]}`. */
export function parseScenario(json: unknown): FaultRule[] {
  const faults = typeof json === 'object' && json !== null ? (json as { faults?: unknown }).faults : undefined;
  if (!Array.isArray(faults)) throw new FaultSpecError('a scenario file holds {"faults": [...]}');
  return faults.map((rule, index) => parseFaultRule(rule, `faults[${index}]`));
}

export async function loadScenarioFile(path: string): Promise<FaultRule[]> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new FaultSpecError(`cannot read scenario file ${path}: ${(error as Error).message}`);
  }
  return parseScenario(json);
}

interface ActiveRule {
  rule: FaultRule;
  remaining: number;
}

/** The live set of rules; `take` finds the first matching rule of the given kinds and uses it once. */
export class FaultBook {
  private rules: ActiveRule[] = [];

  constructor(rules: readonly FaultRule[] = []) {
    this.set(rules);
  }

  set(rules: readonly FaultRule[]): void {
    this.rules = rules.map((rule, index) => {
      const checked = parseFaultRule(rule, `faults[${index}]`);
      return { rule: checked, remaining: checked.times ?? Number.POSITIVE_INFINITY };
    });
  }

  take(endpoint: Endpoint, phone: string | undefined, kinds: readonly FaultKind[]): FaultRule | undefined {
    const index = this.rules.findIndex(({ rule }) => kinds.includes(rule.fault)
      && (rule.endpoint === undefined || rule.endpoint === endpoint)
      && (rule.phone === undefined || rule.phone === phone));
    const active = this.rules[index];
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.rules.splice(index, 1);
    return active.rule;
  }
}

/**
 * `eidgate simulator`: SK's Mobile-ID demo service, locally. Flags map one-to-one onto
 * `SimulatorOptions`; see docs/simulator.md.
 */
import { Command, InvalidArgumentError } from 'commander';
import { pino } from 'pino';
import { loadScenarioFile, parseFaultSpec, type FaultRule } from './faults.ts';
import { loadPersonsFile } from './persons.ts';
import { DEFAULTS, startSimulator } from './server.ts';
import { exportCa, getTestCa } from './test-ca.ts';

function integer(name: string, min = 0) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min) throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    return Number(value);
  };
}

interface Flags {
  port: number;
  host: string;
  persons?: string;
  caDir?: string;
  exportCa?: string;
  serve?: boolean;
  scenario?: string;
  okDelayMs: number;
  userTimeoutMs: number;
  sessionLifetimeMs: number;
  maxPollMs: number;
  fault: FaultRule[];
}

export function registerSimulatorCommand(program: Command): void {
  program
    .command('simulator')
    .description("Serve a replica of SK's Mobile-ID (MID REST) demo service with its own test CA")
    .option('--port <n>', 'TCP port', integer('--port'), 8081)
    .option('--host <host>', 'address to listen on', DEFAULTS.host)
    .option('--persons <file>', 'JSON file of extra test persons')
    .option('--ca-dir <dir>', 'keep the test CA in this directory (created when empty)')
    .option('--export-ca <dir>', 'write the CA certificates as PEM files to this directory, then exit (see --serve)')
    .option('--serve', 'with --export-ca: keep serving after the export')
    .option('--scenario <file>', 'JSON file of fault rules: {"faults": [...]}')
    .option('--ok-delay-ms <n>', 'delay before a session ends (all outcomes but TIMEOUT)', integer('--ok-delay-ms'), DEFAULTS.okDelayMs)
    .option('--user-timeout-ms <n>', 'delay before a TIMEOUT session ends', integer('--user-timeout-ms'), DEFAULTS.userTimeoutMs)
    .option('--session-lifetime-ms <n>', 'sessions vanish this long after creation', integer('--session-lifetime-ms', 1), DEFAULTS.sessionLifetimeMs)
    .option('--max-poll-ms <n>', 'largest honoured timeoutMs of a status poll', integer('--max-poll-ms', 1000), DEFAULTS.maxPollMs)
    .option('--fault <spec>', 'a fault rule, FAULT[:key=value,...]; repeatable',
      (spec: string, previous: FaultRule[]) => {
        try {
          return [...previous, parseFaultSpec(spec)];
        } catch (error) {
          throw new InvalidArgumentError((error as Error).message);
        }
      }, [] as FaultRule[])
    .action(async (flags: Flags) => {
      if (flags.exportCa !== undefined && !flags.serve) {
        // Exporting an in-memory CA and exiting would hand out anchors no later simulator matches.
        if (flags.caDir === undefined) {
          program.error('--export-ca without --serve needs --ca-dir: otherwise the exported CA dies with this process');
        }
        const written = await exportCa(await getTestCa(flags.caDir), flags.exportCa);
        for (const path of written) process.stdout.write(`${path}\n`);
        return;
      }
      const logger = pino();
      const faults = [...(flags.scenario ? await loadScenarioFile(flags.scenario) : []), ...flags.fault];
      const simulator = await startSimulator({
        port: flags.port,
        host: flags.host,
        ...(flags.persons ? { persons: await loadPersonsFile(flags.persons) } : {}),
        ...(flags.caDir ? { caDir: flags.caDir } : {}),
        okDelayMs: flags.okDelayMs,
        userTimeoutMs: flags.userTimeoutMs,
        sessionLifetimeMs: flags.sessionLifetimeMs,
        maxPollMs: flags.maxPollMs,
        faults,
        logger,
      });
      if (flags.exportCa !== undefined) await simulator.ca.exportTo(flags.exportCa);
      logger.info({ url: simulator.url, faults: faults.length, exportedCaTo: flags.exportCa }, 'MID REST simulator listening');
      const stop = async () => {
        await simulator.close();
        process.exit(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}

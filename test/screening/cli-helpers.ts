/** Runs the real `eidgate` binary against a throwaway SQLite database. */
import { fileURLToPath } from 'node:url';
import { EIDGATE_BIN, runNode, type ProcessResult } from '../helpers/run-node.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type CliResult = ProcessResult;

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  // The database is chosen by EIDGATE_SQLITE_PATH alone; an inherited URL would point elsewhere.
  return runNode([EIDGATE_BIN, ...args], { cwd: ROOT, env, unset: ['EIDGATE_DATABASE_URL'] });
}

/** Runs the real `eidgate` binary against a throwaway SQLite database. */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string>): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  // The database is chosen by EIDGATE_SQLITE_PATH alone; an inherited URL would point elsewhere.
  delete childEnv.EIDGATE_DATABASE_URL;
  return new Promise((resolve) => {
    execFile(process.execPath, ['bin/eidgate.js', ...args], { cwd: ROOT, env: childEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, stdout, stderr });
    });
  });
}

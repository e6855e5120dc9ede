/** Runs a Node.js child process (the real `eidgate` binary, or emitted JS) and collects its output. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const EIDGATE_BIN = fileURLToPath(new URL('../../bin/eidgate.js', import.meta.url));

export interface ProcessResult {
  /** The exit code; 1 when the process was ended by a signal. */
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  cwd?: string;
  /** Added to (or replacing) the parent's environment. */
  env?: Record<string, string>;
  /** Variables of the parent's environment the child must not inherit. */
  unset?: string[];
}

export function runNode(args: string[], options: RunOptions = {}): Promise<ProcessResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of options.unset ?? []) delete env[name];
  Object.assign(env, options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: options.cwd, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

/**
 * What every operator command shares: opening the configured database, and turning the errors an
 * operator caused (and can fix) into a one-line message and exit code 1 instead of a stack trace.
 */
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openDatabase, type Store } from './store/db.ts';

/** A failure the operator caused and can fix: printed as a message, without a stack trace. */
export class CommandError extends Error {}

/** Opens the database the server would use (`EIDGATE_DATABASE_URL`, else SQLite), runs `work`, closes it. */
export async function withConfiguredStore<T>(work: (store: Store, config: Config) => Promise<T>): Promise<T> {
  let store: Store;
  let config: Config;
  try {
    config = loadConfig();
    store = await openDatabase({ ...(config.databaseUrl ? { url: config.databaseUrl } : {}), sqlitePath: config.sqlitePath });
  } catch (error) {
    if (error instanceof ConfigError) throw new CommandError(error.message);
    // The message of a driver error names the cause (unreachable host, unwritable file), never the URL's password.
    throw new CommandError(`cannot open the database: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return await work(store, config);
  } finally {
    await store.close();
  }
}

type ErrorClass = abstract new (...args: never[]) => Error;

/**
 * Wraps a command action: CommandError and the listed operator-facing error classes become
 * `eidgate: <message>` on stderr and exit code 1; anything else is a bug and keeps its stack.
 */
export function commandAction<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
  operatorErrors: readonly ErrorClass[] = [],
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (error) {
      if (error instanceof CommandError || operatorErrors.some((type) => error instanceof type)) {
        process.stderr.write(`eidgate: ${(error as Error).message}\n`);
        process.exitCode = 1;
        return;
      }
      throw error;
    }
  };
}

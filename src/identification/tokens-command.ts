/**
 * `eidgate tokens create|list|revoke`: the operator's way to let applications in and out.
 * The database comes from the same configuration as the server (`EIDGATE_DATABASE_URL`,
 * `EIDGATE_SQLITE_PATH`). Results a script may consume go to stdout; hints for the human to stderr.
 */
import type { Command } from 'commander';
import { CommandError, commandAction, withConfiguredStore } from '../cli-support.ts';
import {
  ClientsRepository,
  DuplicateClientNameError,
  InvalidClientNameError,
  type Client,
} from '../store/clients-repository.ts';
import { ACCESS_TOKEN_CACHE_DEFAULTS, createAccessToken, hashAccessToken } from './access-tokens.ts';

async function withClients<T>(work: (clients: ClientsRepository) => Promise<T>): Promise<T> {
  return withConfiguredStore((store) => work(new ClientsRepository(store.db)));
}

/** Runs an action; an operator error becomes a message on stderr and exit code 1. */
function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return commandAction(run, [DuplicateClientNameError, InvalidClientNameError]);
}

async function createToken(options: { name: string }): Promise<void> {
  const token = createAccessToken();
  await withClients(async (clients) => {
    try {
      await clients.create(options.name, hashAccessToken(token));
    } catch (error) {
      if (error instanceof DuplicateClientNameError) {
        throw new CommandError(`${error.message}; choose another name (names stay taken after revocation)`);
      }
      throw error;
    }
  });
  process.stdout.write(`${token}\n`);
  process.stderr.write(`Access token of client "${options.name}" above. Store it now: eidgate keeps only its hash and cannot show it again.\n`);
}

function listRow(client: Client): { name: string; created_at: string; last_used_at: string | null; revoked_at: string | null } {
  return { name: client.name, created_at: client.createdAt, last_used_at: client.lastUsedAt, revoked_at: client.revokedAt };
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()).join('\n');
}

async function listTokens(options: { json?: boolean }): Promise<void> {
  const clients = await withClients((repository) => repository.list());
  if (options.json) {
    process.stdout.write(`${JSON.stringify(clients.map(listRow), null, 2)}\n`);
    return;
  }
  if (clients.length === 0) {
    process.stderr.write('No clients yet: create one with `eidgate tokens create --name NAME`.\n');
    return;
  }
  const header = ['NAME', 'CREATED', 'LAST USED', 'REVOKED'];
  const rows = clients.map((c) => [c.name, c.createdAt, c.lastUsedAt ?? '-', c.revokedAt ?? '-']);
  process.stdout.write(`${formatTable([header, ...rows])}\n`);
}

async function revokeToken(name: string): Promise<void> {
  const result = await withClients((clients) => clients.revoke(name));
  if (result === 'not-found') throw new CommandError(`no client named "${name}" (see \`eidgate tokens list\`)`);
  if (result === 'already-revoked') {
    process.stderr.write(`Client "${name}" was already revoked.\n`);
    return;
  }
  const seconds = ACCESS_TOKEN_CACHE_DEFAULTS.cacheTtlMs / 1000;
  process.stderr.write(`Revoked client "${name}". Running gateways refuse its token within their token cache lifetime (${seconds} s by default).\n`);
}

export function registerTokensCommand(program: Command): void {
  const tokens = program.command('tokens').description('manage the API clients and their access tokens');
  tokens.command('create')
    .description('create a client and print its new access token (shown only once)')
    .requiredOption('--name <name>', 'unique client name, e.g. the application it is for')
    .action(action(createToken));
  tokens.command('list')
    .description('list clients: name, created, last used, revoked (never tokens)')
    .option('--json', 'print JSON instead of a table')
    .action(action(listTokens));
  tokens.command('revoke')
    .description('revoke a client: its token stops working')
    .argument('<name>', 'client name')
    .action(action(revokeToken));
}

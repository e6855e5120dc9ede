/**
 * `eidgate serve` (the gateway, configured from EIDGATE_* variables) and `eidgate demo` (what
 * `npm start` runs: simulator + gateway on SQLite, a demo client, ready-to-paste commands).
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { ConfigError, loadConfig } from './config.ts';

// The gateway's modules load only when a gateway command runs: other commands (tokens, lists) start fast.
const gatewayModules = async () => ({
  ...(await import('./app.ts')),
  ...(await import('./identification/access-tokens.ts')),
  ...(await import('./mobileid/trust-anchors.ts')),
  ...(await import('./store/db.ts')),
  ...(await import('./simulator/server.ts')),
  ...(await import('./screening/demo-watchlist.ts')),
  ...(await import('./screening/lists-repository.ts')),
});

function onSignals(close: () => Promise<void>): void {
  let closing = false;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      close().then(() => process.exit(0), (error) => {
        console.error(error);
        process.exit(1);
      });
    });
  }
}

/** A gateway that cannot start says why in one line (a missing trust directory, a bad variable, no database). */
function fail(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  console.error(error instanceof ConfigError ? `eidgate: configuration error: ${message}` : `eidgate: cannot start: ${message}`);
  process.exit(1);
}

export function registerGatewayCommands(program: Command): void {
  program
    .command('serve')
    .description('run the gateway (configuration from EIDGATE_* environment variables; see docs/configuration.md)')
    .action(async () => {
      const { createGateway } = await gatewayModules();
      let gateway: Awaited<ReturnType<typeof createGateway>>;
      try {
        // The demo page's token is a credential, so it comes from the environment alone (docs/demo-page.md).
        const demoAccessToken = process.env.EIDGATE_DEMO_ACCESS_TOKEN || undefined;
        gateway = await createGateway(loadConfig(), demoAccessToken ? { demoAccessToken } : {});
      } catch (error) {
        fail(error);
      }
      const url = await gateway.listen();
      gateway.logger.info({ event: 'listening', url }, 'eidgate listening');
      onSignals(() => gateway.close());
    });

  program
    .command('demo')
    .description('try eidgate: the built-in simulator and the gateway on SQLite, with a demo access token')
    .option('--port <port>', 'gateway port', '8080')
    .option('--simulator-port <port>', 'simulator port', '8081')
    .option('--data <dir>', 'where the demo keeps its database, CA and token', './data')
    .option('--ok-delay-ms <ms>', 'how long a demo person "takes" to enter the PIN', '3000')
    .action(async (options: { port: string; simulatorPort: string; data: string; okDelayMs: string }) => {
      const { createGateway, ensureClient, trustAnchorsFromPem, openDatabase, startSimulator, importDemoWatchlist, ListsRepository } = await gatewayModules();
      const config = loadConfig({ ...process.env, EIDGATE_PORT: options.port });
      config.sqlitePath = process.env.EIDGATE_SQLITE_PATH ?? join(options.data, 'eidgate.db');
      config.demoPage = true;
      const simulator = await startSimulator({
        port: Number(options.simulatorPort),
        host: '127.0.0.1',
        okDelayMs: Number(options.okDelayMs),
        caDir: join(options.data, 'simulator-ca'),
      });
      config.mid.baseUrl = simulator.url;
      const store = await openDatabase({ ...(config.databaseUrl ? { url: config.databaseUrl } : {}), sqlitePath: config.sqlitePath });
      // The token is kept next to the database so every start of the demo prints the same one.
      const tokenFile = join(options.data, 'demo-token');
      const known = await readFile(tokenFile, 'utf8').then((t) => t.trim(), () => undefined);
      const { token } = await ensureClient(store, 'demo', known);
      await mkdir(dirname(tokenFile), { recursive: true });
      await writeFile(tokenFile, `${token}\n`, { mode: 0o600 });
      await importDemoWatchlist(new ListsRepository(store));
      const gateway = await createGateway(config, { store, anchors: trustAnchorsFromPem(simulator.ca.pems()), demoAccessToken: token });
      const url = await gateway.listen();
      printDemoBanner(url, simulator.url, token);
      onSignals(async () => {
        await gateway.close();
        await store.close();
        await simulator.close();
      });
    });
}

function printDemoBanner(url: string, simulatorUrl: string, token: string): void {
  const lines = [
    '',
    'eidgate demo is running',
    `  gateway:   ${url}   (demo page: ${url}/demo, API reference: ${url}/docs)`,
    `  simulator: ${simulatorUrl}   (SK's Mobile-ID demo service, replicated)`,
    `  access token of the "demo" client: ${token}`,
    '',
    'Start an identification (demo person TEN TESTNUMBER):',
    `  curl -s -X POST ${url}/en/mobile/login.json -H 'Content-Type: application/json' \\`,
    `    -d '{"access_token":"${token}","phone":"+37269000366","code":"60001017705"}'`,
    '',
    'Then ask for its status (paste the "token" from the answer; wait holds up to 30 s for the outcome):',
    `  curl -s -X POST ${url}/en/mobile/status/TOKEN.json -H 'Content-Type: application/json' \\`,
    `    -d '{"access_token":"${token}","wait":10}'`,
    '',
    'With screening (MARY ÄNN is on the demo watchlist):',
    `  curl -s -X POST ${url}/en/mobile/login.json -H 'Content-Type: application/json' \\`,
    `    -d '{"access_token":"${token}","phone":"+37200000766","code":"60001019906","sanctions":true,"peps":true}'`,
    '',
    'Press Ctrl+C to stop.',
    '',
  ];
  process.stdout.write(lines.join('\n'));
}

/**
 * The `eidgate` command. Each area registers its own subcommands; this file only assembles them.
 */
import { Command } from 'commander';

const program = new Command('eidgate')
  .description('Open-source Mobile-ID identity gateway, wire-compatible with the Mark Sign API')
  .version('0.1.0');

// Subcommand registrations (one line per area) go below.
(await import('./gateway-commands.ts')).registerGatewayCommands(program);
(await import('./identification/tokens-command.ts')).registerTokensCommand(program);
(await import('./simulator/command.ts')).registerSimulatorCommand(program);
(await import('./screening/command.ts')).registerListsCommands(program);
(await import('./screening/command.ts')).registerScreenCommand(program);
(await import('./try-command.ts')).registerTryCommand(program);

await program.parseAsync(process.argv);

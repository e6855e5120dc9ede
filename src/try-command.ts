/**
 * `eidgate try`: one real identification against a gateway (the local demo by default), through
 * the SDK — the quickest way to see the whole flow work. The control code and progress are for the
 * person at the terminal; the outcome is a table, or with `--json` the gateway's final answer only.
 * Results go to stdout, everything else (control code, progress, errors) to stderr, so
 * `eidgate try … --json | jq` works while the person still sees the code to compare.
 */
import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';
import {
  EidgateClient, isEidgateError, type EidgateError, type EidgateErrorKind, type Identity, type ScreeningMatch,
} from '../packages/client/src/index.ts';
import { describePersonalCode } from './mobileid/personal-code.ts';

interface TryFlags {
  phone: string;
  code: string;
  url?: string;
  token?: string;
  sanctions?: boolean;
  peps?: boolean;
  json?: boolean;
  locale: 'en' | 'lt';
}

const DEMO_URL = 'http://127.0.0.1:8080';
/** Where `npm start` (eidgate demo) keeps the demo client's token, relative to where it was started. */
const DEMO_TOKEN_FILE = 'data/demo-token';

/** Exit codes by outcome, so scripts can branch without parsing text (also in `eidgate try --help`). */
const EXIT = {
  identified: 0,
  usage: 1,
  refused: 2,
  expired: 3,
  notMobileIdUser: 4,
  rejected: 5,
  unavailable: 6,
  interrupted: 130,
} as const;

const EXIT_OF_KIND: Record<EidgateErrorKind, number> = {
  refused: EXIT.refused,
  expired: EXIT.expired,
  not_mobile_id_user: EXIT.notMobileIdUser,
  not_qualified: EXIT.notMobileIdUser,
  invalid_request: EXIT.rejected,
  unauthorized: EXIT.rejected,
  not_found: EXIT.rejected,
  upstream: EXIT.unavailable,
  server: EXIT.unavailable,
  invalid_response: EXIT.unavailable,
  network: EXIT.unavailable,
  timeout: EXIT.unavailable,
  aborted: EXIT.interrupted,
};

const EXIT_CODES_HELP = `
Exit codes:
  0    identified
  1    usage error, no access token, unexpected failure
  2    the person refused (40020)
  3    the person did not answer in time (40021)
  4    not a Mobile-ID user, or the account is not qualified (40401, 40403)
  5    the gateway rejected the request (invalid parameter 4000x, access token 40003, not found 404xx)
  6    the gateway or Mobile-ID is unavailable (network, timeout, 5xxxx, an answer that is not the API)
  130  interrupted (Ctrl+C); the session is removed

Defaults: --url from EIDGATE_URL, else ${DEMO_URL} (the demo started by \`npm start\`);
--token from EIDGATE_TOKEN, else ./${DEMO_TOKEN_FILE} (written by \`npm start\`).
`;

/** A next step for the person at the terminal, per kind of failure. */
const HINTS: Partial<Record<EidgateErrorKind, string>> = {
  refused: 'The person pressed Cancel on the phone.',
  expired: 'The person did not confirm in time.',
  not_mobile_id_user: 'This phone number and personal code do not belong to a Mobile-ID user.',
  unauthorized: 'Check the access token (--token or EIDGATE_TOKEN).',
  network: 'Is the gateway running? `npm start` starts the demo one.',
  invalid_response: 'Is --url the address of an eidgate (or Mark Sign compatible) gateway?',
  aborted: 'Interrupted: the gateway was asked to remove the session.',
};

export function registerTryCommand(program: Command): void {
  program
    .command('try')
    .description('run one Mobile-ID identification against a gateway (the local demo by default) and show the verified identity')
    .requiredOption('--phone <phone>', 'phone number in international format, e.g. +37200000766')
    .requiredOption('--code <code>', 'personal code, e.g. 60001019906')
    .option('--url <url>', 'gateway base URL (default: EIDGATE_URL, else the local demo)')
    .option('--token <token>', 'API access token (default: EIDGATE_TOKEN, else ./data/demo-token)')
    .option('--sanctions', 'screen the person against the loaded sanctions lists')
    .option('--peps', 'screen the person against the loaded PEP lists')
    .option('--json', 'print only the gateway\'s final answer, as JSON (for scripts)')
    .addOption(new Option('--locale <locale>', 'language of the gateway\'s messages and of the phone screen').choices(['en', 'lt']).default('en'))
    .addHelpText('after', EXIT_CODES_HELP)
    .action(async (flags: TryFlags) => {
      process.exitCode = await runTry(flags);
    });
}

async function resolveToken(flags: TryFlags): Promise<string | undefined> {
  const given = flags.token ?? process.env.EIDGATE_TOKEN;
  if (given) return given;
  const fromDemo = await readFile(DEMO_TOKEN_FILE, 'utf8').then((text) => text.trim(), () => '');
  return fromDemo || undefined;
}

async function runTry(flags: TryFlags): Promise<number> {
  const url = flags.url ?? process.env.EIDGATE_URL ?? DEMO_URL;
  const token = await resolveToken(flags);
  if (!token) {
    process.stderr.write(
      'eidgate try: no access token. Pass --token, set EIDGATE_TOKEN, or start the demo with `npm start` '
      + `and run this command from the same folder (it reads ./${DEMO_TOKEN_FILE}).\n`,
    );
    return EXIT.usage;
  }

  const client = new EidgateClient({ baseUrl: url, accessToken: token, locale: flags.locale });
  const progress = new Progress(process.stderr);
  const interrupt = new AbortController();
  const onSigint = () => interrupt.abort();
  process.once('SIGINT', onSigint);
  if (!flags.json) process.stderr.write(`Identifying with Mobile-ID at ${url} …\n`);
  try {
    const identity = await client.mobile.identify({
      phone: flags.phone,
      code: flags.code,
      language: flags.locale === 'lt' ? 'LIT' : 'ENG',
      sanctions: flags.sanctions ?? false,
      peps: flags.peps ?? false,
    }, {
      signal: interrupt.signal,
      onControlCode: (controlCode) => {
        process.stderr.write(controlCodeBanner(controlCode, process.stderr.isTTY === true));
        progress.start('Waiting for the person to confirm on the phone');
      },
    });
    const seconds = progress.stop();
    if (flags.json) {
      process.stdout.write(`${JSON.stringify(identity.raw)}\n`);
    } else {
      process.stderr.write(`✔ Identified after ${seconds} s\n\n`);
      process.stdout.write(identityReport(identity, { sanctions: flags.sanctions ?? false, peps: flags.peps ?? false }));
    }
    return EXIT.identified;
  } catch (error) {
    progress.stop();
    if (!isEidgateError(error)) throw error;
    if (flags.json) process.stdout.write(`${JSON.stringify(jsonOfError(error))}\n`);
    else process.stderr.write(errorReport(error));
    return EXIT_OF_KIND[error.kind];
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}

function controlCodeBanner(controlCode: string, tty: boolean): string {
  const text = `Control code:  ${controlCode}`;
  const rule = '─'.repeat(text.length + 4);
  const shown = tty ? `\x1b[1m${text}\x1b[0m` : text;
  return `\n  ┌${rule}┐\n  │  ${shown}  │\n  └${rule}┘\n\n`
    + '  Make sure the phone shows the same code before entering the PIN.\n\n';
}

/** The final answer for `--json`: the gateway's error body, or one in its shape when there was no answer. */
function jsonOfError(error: EidgateError): unknown {
  return error.errorCode !== undefined ? error.body : { status: 'error', message: error.message, kind: error.kind };
}

function errorReport(error: EidgateError): string {
  const code = error.errorCode !== undefined ? ` (error ${error.errorCode})` : ` (${error.kind})`;
  const hint = HINTS[error.kind];
  return `✖ Identification failed: ${error.message}${code}\n${hint ? `  ${hint}\n` : ''}`;
}

/**
 * Elapsed seconds while the person answers: a spinner rewriting one line on a terminal; on anything
 * else (a log, a CI job) a plain line every few seconds, since carriage returns would pile up there.
 */
class Progress {
  private started = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private frame = 0;

  constructor(private readonly out: NodeJS.WriteStream) {}

  start(label: string): void {
    this.started = Date.now();
    const tty = this.out.isTTY === true;
    if (!tty) this.out.write(`${label} …\n`);
    this.timer = setInterval(() => {
      const seconds = this.elapsedSeconds();
      if (tty) {
        this.frame = (this.frame + 1) % SPINNER.length;
        this.out.write(`\r${SPINNER[this.frame]} ${label} … ${seconds} s\x1b[K`);
      } else if (seconds > 0 && seconds % 5 === 0) {
        this.out.write(`  … ${seconds} s\n`);
      }
    }, tty ? 100 : 1000);
  }

  /** Stops the display; returns the seconds elapsed since start. */
  stop(): number {
    if (this.timer === undefined) return 0;
    clearInterval(this.timer);
    this.timer = undefined;
    if (this.out.isTTY) this.out.write('\r\x1b[K');
    return this.elapsedSeconds();
  }

  private elapsedSeconds(): number {
    return Math.floor((Date.now() - this.started) / 1000);
  }
}

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

function table(rows: [string, string][], indent = '  '): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${indent}${label.padEnd(width)}   ${value}\n`).join('');
}

function identityReport(identity: Identity, checks: { sanctions: boolean; peps: boolean }): string {
  const born = describePersonalCode(identity.code);
  const { issuer } = identity.certificate;
  const issuerText = [issuer.commonName, issuer.organisation].filter(Boolean).join(', ') + (issuer.country ? ` (${issuer.country})` : '');
  const rows: [string, string][] = [
    ['Name', identity.name],
    ['Surname', identity.surname],
    ['Personal code', identity.code],
    ['Country', identity.country],
    ['Date of birth', born?.dateOfBirth ?? '—'],
    ['Gender', born?.gender ?? '—'],
    ['Certificate issuer', issuerText || '—'],
    ['Certificate valid', `${identity.certificate.validFrom} to ${identity.certificate.validTo}`],
    ['Control code', identity.controlCode],
    ['Session token', identity.token],
    ['Sanctions', screeningSummary(identity.sanctions, checks.sanctions)],
    ['PEPs', screeningSummary(identity.peps, checks.peps)],
  ];
  const matches = [
    ...identity.sanctions.map((m) => matchReport('Sanctions match', m, m.listName)),
    ...identity.peps.map((m) => matchReport('PEP match', m, m.politicalPosition)),
  ];
  return table(rows) + (matches.length > 0 ? `\n${matches.join('\n')}` : '');
}

function screeningSummary(matches: ScreeningMatch[], requested: boolean): string {
  if (!requested) return 'not checked (use --sanctions / --peps)';
  if (matches.length === 0) return 'no match';
  return matches.length === 1 ? '1 match (below)' : `${matches.length} matches (below)`;
}

function matchReport(title: string, match: ScreeningMatch, context: string | null): string {
  const rows: [string, string][] = [
    [title, match.fullName ?? match.id ?? '—'],
    [match.listName !== null ? 'List' : 'Position', context ?? '—'],
    ['Date of birth', match.dateOfBirth ?? '—'],
    ['Score', match.score === null ? '—' : match.score.toFixed(3)],
  ];
  const why = match.explanation.map((item) => `      ${item.effect.toFixed(3).padStart(6)}  ${item.feature}: ${item.detail}\n`);
  return table(rows) + (why.length > 0 ? `    Why it matched:\n${why.join('')}` : '');
}

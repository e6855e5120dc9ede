/**
 * `eidgate lists …` (import, show, remove, update the screening lists) and `eidgate screen …` (try a
 * name, or re-screen a customer file). The database comes from the server's configuration
 * (`EIDGATE_DATABASE_URL`, else SQLite at `EIDGATE_SQLITE_PATH`, default ./data/eidgate.db).
 * Results go to stdout; progress and hints to stderr.
 */
import { Option, type Command } from 'commander';
import type { Config } from '../config.ts';
import { CommandError, commandAction, withConfiguredStore } from '../cli-support.ts';
import { countCustomers, screenBatch } from './batch.ts';
import { codeToIso2, toIso2 } from './importers/countries.ts';
import { ListFilesError, ListFormatError } from './importers/errors.ts';
import { importerFor, isListFormat, LIST_FORMATS } from './importers/registry.ts';
import { OFFICIAL_SOURCES, sourceUrl, updateOfficialLists } from './list-update.ts';
import { ConcurrentImportError, DuplicateEntryError, EmptyListError, ListsRepository } from './lists-repository.ts';
import type { ListKind, ListMetadata, ScreeningQuery } from './model.ts';
import type { PepRecord, SanctionsRecord } from './records.ts';
import { ScreeningService, ScreeningUnavailableError } from './service.ts';

const LIST_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const KINDS: readonly ListKind[] = ['sanctions', 'peps'];

async function withRepository<T>(work: (repository: ListsRepository, config: Config) => Promise<T>): Promise<T> {
  return withConfiguredStore((store, config) => work(new ListsRepository(store), config));
}

/** Runs an action; an operator error or a bad list file becomes a message on stderr and exit code 1. */
function action<A extends unknown[]>(run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return commandAction(run, [ListFormatError, ListFilesError, EmptyListError, DuplicateEntryError, ConcurrentImportError, ScreeningUnavailableError]);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

function printLists(lists: ListMetadata[]): void {
  if (lists.length === 0) {
    process.stdout.write('no lists imported\n');
    process.stderr.write('import one with: eidgate lists import --kind sanctions --format un-xml --name un-sc consolidated.xml\n');
    return;
  }
  process.stdout.write(table(
    ['NAME', 'KIND', 'FORMAT', 'ENTRIES', 'PUBLISHED', 'IMPORTED'],
    lists.map((l) => [l.name, l.kind, l.format, String(l.entryCount), l.publishedAt ?? '-', l.importedAt]),
  ));
}

interface ImportOptions {
  kind: ListKind;
  format: string;
  name: string;
}

async function importList(files: string[], options: ImportOptions): Promise<void> {
  if (!LIST_NAME.test(options.name)) throw new CommandError(`invalid list name "${options.name}": letters, digits, ".", "_", "-" (at most 64)`);
  if (!isListFormat(options.format)) throw new CommandError(`unknown format "${options.format}"; one of ${LIST_FORMATS.join(', ')}`);
  const format = options.format;
  await withRepository(async (repository) => {
    let source;
    try {
      source = importerFor(format).open(files, { kind: options.kind });
    } catch (error) {
      throw new CommandError((error as Error).message);
    }
    try {
      const meta = await repository.replaceList({ name: options.name, kind: options.kind, format }, source);
      process.stdout.write(`imported ${meta.entryCount} entries into ${meta.kind} list "${meta.name}"` +
        `${meta.publishedAt === undefined ? '' : ` (published ${meta.publishedAt})`}\n`);
    } catch (error) {
      if (error instanceof ListFormatError || error instanceof ListFilesError) throw new CommandError(`${error.message}; list "${options.name}" was not changed`);
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new CommandError(`${(error as Error).message}; list "${options.name}" was not changed`);
      throw error;
    }
  });
}

interface UpdateOptions {
  only?: string;
  ofacUrl?: string;
  euUrl?: string;
  unUrl?: string;
}

async function updateLists(options: UpdateOptions): Promise<void> {
  const wanted = options.only === undefined ? undefined : new Set(options.only.split(',').map((s) => s.trim().toLowerCase()));
  const unknown = [...(wanted ?? [])].filter((k) => !OFFICIAL_SOURCES.some((s) => s.key === k));
  if (unknown.length > 0) throw new CommandError(`unknown source(s) ${unknown.join(', ')}; choose from ofac, eu, un`);
  const overrides: Partial<Record<'ofac' | 'eu' | 'un', string>> = {};
  if (options.ofacUrl !== undefined) overrides.ofac = options.ofacUrl;
  if (options.euUrl !== undefined) overrides.eu = options.euUrl;
  if (options.unUrl !== undefined) overrides.un = options.unUrl;
  const sources = OFFICIAL_SOURCES.filter((s) => wanted === undefined || wanted.has(s.key)).map((source) => ({ source, url: sourceUrl(source, overrides, process.env) }));
  await withRepository(async (repository) => {
    const outcomes = await updateOfficialLists(repository, sources, {
      onStart: (source, url) => process.stderr.write(`downloading ${source.name} from ${url}\n`),
    });
    for (const outcome of outcomes) {
      if (outcome.ok) {
        process.stdout.write(`updated ${outcome.list.name}: ${outcome.list.entryCount} entries` +
          `${outcome.list.publishedAt === undefined ? '' : ` (published ${outcome.list.publishedAt})`}\n`);
      } else {
        process.stdout.write(`failed ${outcome.source.name}: ${outcome.error.message}; the stored list was not changed\n`);
      }
    }
    if (outcomes.some((o) => !o.ok)) process.exitCode = 1;
  });
}

interface ScreenOptions {
  given?: string;
  surname?: string;
  dob?: string;
  country?: string;
  gender?: 'male' | 'female';
  kind: 'sanctions' | 'peps' | 'all';
  threshold?: string;
  limit?: string;
  json?: boolean;
  batch?: string;
  out?: string;
}

function parseThreshold(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!(value >= 0 && value <= 1)) throw new CommandError(`--threshold must be a number in [0, 1], got "${raw}"`);
  return value;
}

/** `all` means every kind that has a list: asking explicitly for a kind without one fails closed. */
function kindsFor(option: ScreenOptions['kind'], service: ScreeningService): ListKind[] {
  if (option !== 'all') return [option];
  const loaded = KINDS.filter((k) => service.loadedKinds().has(k));
  if (loaded.length === 0) throw new CommandError('no lists are loaded; import one first (eidgate lists import --help)');
  return loaded;
}

async function screen(options: ScreenOptions): Promise<void> {
  const threshold = parseThreshold(options.threshold);
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1)) throw new CommandError(`--limit must be a positive integer, got "${options.limit}"`);
  await withRepository(async (repository, config) => {
    const chosenThreshold = threshold ?? config.screening.threshold;
    const service = new ScreeningService(repository, {
      ...(chosenThreshold !== undefined ? { threshold: chosenThreshold } : {}),
      ...(limit !== undefined ? { limit } : {}),
    });
    await service.start();
    const kinds = kindsFor(options.kind, service);
    if (options.batch !== undefined) {
      if (options.out === undefined) throw new CommandError('--batch needs --out FILE for the results');
      await runBatch(service, options.batch, options.out, kinds);
      return;
    }
    if (options.given === undefined && options.surname === undefined) throw new CommandError('give --given and --surname (or --batch FILE --out FILE)');
    const query: ScreeningQuery = { givenName: options.given ?? '', surname: options.surname ?? '' };
    if (options.dob !== undefined) {
      if (!/^\d{4}(-\d{2}(-\d{2})?)?$/.test(options.dob)) throw new CommandError(`--dob must be YYYY-MM-DD (or YYYY-MM, YYYY), got "${options.dob}"`);
      query.dateOfBirth = options.dob;
    }
    if (options.country !== undefined) {
      const country = codeToIso2(options.country) ?? toIso2(options.country);
      if (country === undefined) throw new CommandError(`--country: unknown country "${options.country}" (use an ISO code such as EE)`);
      query.country = country;
    }
    if (options.gender !== undefined) query.gender = options.gender;
    const result = service.screen(query, kinds);
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ query, kinds, lists: service.loadedLists(), ...result }, null, 2)}\n`);
      return;
    }
    printMatches(result.sanctions, result.peps, kinds);
  });
}

function printMatches(sanctions: SanctionsRecord[], peps: PepRecord[], kinds: ListKind[]): void {
  const all = [...sanctions.map((r) => ({ kind: 'sanctions', list: r.name_of_the_list, r })), ...peps.map((r) => ({ kind: 'peps', list: r.id.slice(0, r.id.indexOf('/')), r }))];
  if (all.length === 0) {
    process.stdout.write(`no match on the ${kinds.join(' and ')} lists\n`);
    return;
  }
  all.sort((a, b) => b.r.score - a.r.score);
  process.stdout.write(table(
    ['SCORE', 'KIND', 'LIST', 'REFERENCE', 'NAME', 'BORN', 'COUNTRY'],
    all.map(({ kind, list, r }) => [r.score.toFixed(3), kind, list, r.reference, r.matched_name, r.date_of_birth ?? '-', r.country_of_origin ?? '-']),
  ));
  for (const { list, r } of all) {
    process.stdout.write(`\n${r.score.toFixed(3)}  ${list}/${r.reference}  ${r.full_name}\n`);
    for (const item of r.explanation) {
      process.stdout.write(`  ${item.effect >= 0 ? '+' : ''}${item.effect.toFixed(3)}  ${item.feature.padEnd(22)} ${item.detail}\n`);
    }
  }
}

/** A bar redrawn in place on a terminal; periodic plain lines when stderr is a file or a pipe. */
function progressReporter(total: number): { update(done: number): void; finish(): void } {
  const started = Date.now();
  if (process.stderr.isTTY) {
    let lastDraw = 0;
    const draw = (done: number) => {
      const share = total === 0 ? 1 : done / total;
      const filled = Math.round(share * 30);
      process.stderr.write(`\r[${'#'.repeat(filled)}${'-'.repeat(30 - filled)}] ${(share * 100).toFixed(0).padStart(3)}%  ${done}/${total}`);
    };
    return {
      update(done) {
        if (Date.now() - lastDraw < 100 && done < total) return;
        lastDraw = Date.now();
        draw(done);
      },
      finish() {
        process.stderr.write('\n');
      },
    };
  }
  let lastLine = started;
  return {
    update(done) {
      if (Date.now() - lastLine < 2000) return;
      lastLine = Date.now();
      process.stderr.write(`screened ${done}/${total}\n`);
    },
    finish() {},
  };
}

async function runBatch(service: ScreeningService, input: string, output: string, kinds: ListKind[]): Promise<void> {
  const started = Date.now();
  const total = await countCustomers(input);
  const progress = progressReporter(total);
  const summary = await screenBatch(service, input, output, kinds, { onProgress: (done) => progress.update(done) });
  progress.finish();
  const seconds = (Date.now() - started) / 1000;
  process.stdout.write(
    `screened ${summary.screened} persons against the ${kinds.join(' and ')} lists in ${seconds.toFixed(1)} s: ` +
    `${summary.withMatches} with matches (${summary.sanctionsHits} sanctions, ${summary.pepHits} PEP), ` +
    `${summary.screened - summary.withMatches} clear` +
    `${summary.skipped > 0 ? `, ${summary.skipped} rows without a name not screened` : ''}; results in ${output}\n`,
  );
}

export function registerListsCommands(program: Command): void {
  const lists = program
    .command('lists')
    .description('the sanctions and PEP lists screening uses: show them (no subcommand), import, remove, update')
    .action(action(async () => withRepository(async (repository) => printLists(await repository.listLists()))));

  lists
    .command('import')
    .description('import a list file, replacing the list of that name atomically (a bad file leaves it as it was)')
    .addOption(new Option('--kind <kind>', 'what the list is').choices(KINDS).makeOptionMandatory())
    .addOption(new Option('--format <format>', 'the file format').choices(LIST_FORMATS).makeOptionMandatory())
    .requiredOption('--name <name>', 'the list name to store it under (e.g. un-sc, ofac-sdn)')
    .argument('<files...>', `the file(s): ${LIST_FORMATS.map((f) => `${f}: ${importerFor(f).files}`).join('; ')}`)
    .action(action(async (files: string[], options: ImportOptions) => importList(files, options)));

  lists
    .command('remove')
    .description('remove a list')
    .argument('<name>', 'the list name')
    .action(action(async (name: string) => {
      const removed = await withRepository((repository) => repository.removeList(name));
      if (!removed) throw new CommandError(`no list named "${name}"`);
      process.stdout.write(`removed list "${name}"\n`);
    }));

  lists
    .command('update')
    .description(`download and import the official lists: ${OFFICIAL_SOURCES.map((s) => `${s.key} → ${s.name} (${s.urlVariable})`).join(', ')}`)
    .option('--only <sources>', 'comma-separated subset of ofac, eu, un')
    .option('--ofac-url <url>', 'OFAC SDN XML URL')
    .option('--eu-url <url>', 'EU FSF XML 1.1 URL')
    .option('--un-url <url>', 'UN consolidated list XML URL')
    .action(action(async (options: UpdateOptions) => updateLists(options)));
}

export function registerScreenCommand(program: Command): void {
  program
    .command('screen')
    .description('screen a person (or a customer CSV with --batch) against the imported lists, with explanations')
    .option('--given <names>', 'given name(s)')
    .option('--surname <surname>', 'surname')
    .option('--dob <date>', 'date of birth, YYYY-MM-DD')
    .option('--country <country>', 'country (ISO code or name)')
    .addOption(new Option('--gender <gender>', 'gender').choices(['male', 'female']))
    .addOption(new Option('--kind <kind>', 'which lists').choices(['sanctions', 'peps', 'all']).default('all'))
    .option('--threshold <score>', 'alert threshold in [0, 1] (default: EIDGATE_SCREENING_THRESHOLD or the engine default)')
    .option('--limit <n>', 'most matches per kind')
    .option('--json', 'print the result as JSON (the API record format)')
    .option('--batch <file>', 'CSV with columns given_name, surname, date_of_birth, country, id')
    .option('--out <file>', 'where --batch writes its results (CSV)')
    .action(action(async (options: ScreenOptions) => screen(options)));
}


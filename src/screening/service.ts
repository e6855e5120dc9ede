/**
 * The screening service: owns the in-memory index over every stored list and answers screenings.
 *
 * The index is built at start from the database and rebuilt in the background when the lists change
 * (an import here, or in another instance: the lists version is polled), then swapped in whole; until
 * the new one is ready, requests keep using the old one. Checks fail closed: asking for a kind with no
 * list loaded throws ScreeningUnavailableError, never an empty "no match".
 */
import { ScreeningIndex } from './engine.ts';
import type { ListsRepository } from './lists-repository.ts';
import type { ListKind, ListMetadata, ScreeningQuery } from './model.ts';
import { toPepRecord, toSanctionsRecord, type PepRecord, type SanctionsRecord } from './records.ts';

export class ScreeningUnavailableError extends Error {
  override readonly name = 'ScreeningUnavailableError';
  constructor(readonly kind: ListKind) {
    super(`no ${kind} list is loaded, so the ${kind} check cannot be performed`);
  }
}

export interface ScreeningServiceOptions {
  /** Alert threshold in [0, 1]; the engine's benchmarked default when undefined. */
  threshold?: number;
  /** Most matches per kind returned for one person. */
  limit?: number;
  /** How often to look for lists imported by another instance; 0 disables polling. */
  refreshIntervalMs?: number;
  now?: () => Date;
  /** Reports background rebuild failures (the old index stays in use). */
  onError?: (error: unknown) => void;
}

interface Snapshot {
  index: ScreeningIndex;
  lists: Map<string, ListMetadata>;
  kinds: Set<ListKind>;
  version: string;
}

export interface ScreeningResult {
  sanctions: SanctionsRecord[];
  peps: PepRecord[];
}

export class ScreeningService {
  private snapshot: Snapshot | undefined;
  /** The rebuild in progress (or the last one, settled). */
  private running: Promise<unknown> = Promise.resolve();
  /** A rebuild asked for that has not started yet. */
  private queued: Promise<boolean> | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly repository: ListsRepository, private readonly options: ScreeningServiceOptions = {}) {}

  /** Builds the first index, then starts watching for list changes. */
  async start(): Promise<void> {
    await this.refresh();
    const interval = this.options.refreshIntervalMs ?? 0;
    if (interval > 0) {
      this.timer = setInterval(() => {
        this.refresh().catch((error: unknown) => this.options.onError?.(error));
      }, interval);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * Rebuilds when the stored lists changed since the current index was built; resolves to whether a new
   * index was swapped in. Rebuilds run one at a time: a call made while one runs queues one more (which
   * reads the version when it starts, so it sees the caller's change), and calls made while that one
   * waits share it.
   */
  refresh(): Promise<boolean> {
    if (this.queued !== undefined) return this.queued;
    const run = this.running.then(() => {
      this.queued = undefined;
      return this.rebuildIfChanged();
    });
    this.queued = run;
    this.running = run.catch(() => undefined);
    return run;
  }

  private async rebuildIfChanged(): Promise<boolean> {
    for (;;) {
      const version = await this.repository.version();
      if (this.snapshot?.version === version) return false;
      const stored = await this.repository.loadAll();
      const index = await ScreeningIndex.buildAsync(
        stored.map((list) => ({ meta: list.meta, entries: list.entries })),
        this.options.threshold === undefined ? {} : { threshold: this.options.threshold },
      );
      // The entries were read in pages: if a list changed meanwhile, the index may mix two editions.
      if ((await this.repository.version()) !== version) continue;
      this.snapshot = {
        index,
        lists: new Map(stored.map((list) => [list.meta.name, list.meta])),
        kinds: new Set(stored.filter((list) => list.meta.entryCount > 0).map((list) => list.meta.kind)),
        version,
      };
      return true;
    }
  }

  loadedKinds(): Set<ListKind> {
    return new Set(this.snapshot?.kinds ?? []);
  }

  /** The lists the current index was built from. */
  loadedLists(): ListMetadata[] {
    return [...(this.snapshot?.lists.values() ?? [])];
  }

  /** Throws ScreeningUnavailableError for the first requested kind without a loaded list. */
  assertAvailable(kinds: Iterable<ListKind>): void {
    for (const kind of kinds) if (!this.snapshot?.kinds.has(kind)) throw new ScreeningUnavailableError(kind);
  }

  screen(query: ScreeningQuery, kinds: Iterable<ListKind>, options: { threshold?: number; limit?: number } = {}): ScreeningResult {
    const wanted = [...new Set(kinds)];
    this.assertAvailable(wanted);
    const result: ScreeningResult = { sanctions: [], peps: [] };
    if (wanted.length === 0) return result;
    const snapshot = this.snapshot!;
    const searchedAt = (this.options.now ?? (() => new Date()))();
    const limit = options.limit ?? this.options.limit;
    for (const kind of wanted) {
      // Screened per kind so that many hits of one kind cannot crowd the other out of the limit.
      const matches = snapshot.index.screen(query, {
        kinds: [kind],
        ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
        ...(limit !== undefined ? { limit } : {}),
      });
      for (const match of matches) {
        if (kind === 'sanctions') result.sanctions.push(toSanctionsRecord(match, snapshot.lists.get(match.listName), searchedAt));
        else result.peps.push(toPepRecord(match, searchedAt));
      }
    }
    return result;
  }
}

/**
 * The screening engine's public API: build an index over loaded lists, screen a person against it.
 *
 * Screening is two stages. Candidate generation walks the index postings of every list token similar to a
 * query token (exact, same romanisation skeleton, or within the edit budget) and accumulates, per list name,
 * the weighted share of the query it covers; the best `maxCandidates` names go to the scorer, which aligns
 * tokens properly and then applies date of birth, country, gender and entity kind.
 */
import type { ExplanationItem, ListEntry, ListKind, Match, ScreeningQuery } from './model.ts';
import { NameIndex, NameIndexBuilder, type TokenCandidate } from './name-index.ts';
import { isEmptyName, isLowInformation, skeleton, tokenizeName } from './normalize.ts';
import { applyCountry, applyDateOfBirth, applyGender, applySchema, compareDateOfBirth, type Adjusted, type DobAgreement } from './qualifiers.ts';
import {
  baseTokenWeight,
  prepareName,
  scoreNames,
  tokenSimilarity,
  type NameScore,
  type PreparedName,
  type TokenMatcher,
  type TokenPair,
} from './scorer.ts';

/**
 * The default alert threshold. 0.7 is where the name-pair benchmark's F1 peaks (bench/screening.ts) and
 * where, with date of birth, the end-to-end benchmark keeps recall of listed persons ≥ 0.99 while
 * alerting on under 2 % of non-listed persons.
 */
export const DEFAULT_THRESHOLD = 0.7;
const DEFAULT_MAX_CANDIDATES = 100;
const DEFAULT_LIMIT = 10;
/**
 * Candidate order among names that cover the query equally: by how well the entry's birth date agrees; an
 * entry (or query) without a date ranks between agreeing and disagreeing ones.
 */
const DOB_PREFERENCE: Record<DobAgreement, number> = { exact: 5, year: 4, compatible: 3, near: 1, mismatch: 0 };
const DOB_UNKNOWN_PREFERENCE = 2;

/**
 * A list name must account for at least this share of the person's (frequency-weighted) name to match: a
 * list name sharing only a common given name with the person, or a two-word alias made of the two most
 * common words of a six-word name, is not a match; a one-word list name (a mononym) equal to a part of the
 * name as distinctive as the rest still is. Candidate generation applies the same floor, so it loses
 * nothing the scorer would accept.
 */
const MIN_QUERY_COVERAGE = 0.5;

export interface EngineOptions {
  threshold?: number;
  maxCandidates?: number;
  limit?: number;
}

export interface ScreenOptions {
  kinds?: ListKind[];
  threshold?: number;
  limit?: number;
  /** Score every indexed name instead of the generated candidates: slow, for validating candidate generation. */
  exhaustive?: boolean;
}

export interface IndexedList<E = Iterable<ListEntry>> {
  meta: { name: string; kind: ListKind };
  entries: E;
}

/**
 * Frequency weighting (IDF) over the index: a token found in a large share of entries ("mohammed",
 * "ali") identifies little, so a match on it alone cannot reach the threshold. The +500 smoothing keeps
 * small lists (a demo list, a test) from down-weighting everything.
 */
function frequencyFactor(documentFrequency: number, entryCount: number): number {
  const share = documentFrequency / (entryCount + 500);
  if (share <= 0.001) return 1;
  return Math.max(0.25, 1 - 0.3 * Math.log10(share / 0.001));
}

/** Name-vs-name score with the engine's scorer and no frequency information (used by the name-pair benchmark). */
export function scorePair(a: string, b: string): NameScore {
  return scoreNames(prepareName(a), prepareName(b));
}

class IndexAssembler {
  readonly names = new NameIndexBuilder();
  readonly entries: ListEntry[] = [];
  readonly entryList: number[] = [];
  readonly lists: { name: string; kind: ListKind }[] = [];

  startList(meta: { name: string; kind: ListKind }): number {
    this.lists.push({ name: meta.name, kind: meta.kind });
    return this.lists.length - 1;
  }

  add(list: number, entry: ListEntry): void {
    const id = this.entries.length;
    this.entries.push(entry);
    this.entryList.push(list);
    // Strong names first, so a weak alias that normalises like a strong name is indexed as strong.
    const order = entry.names.map((_, i) => i).sort((a, b) => Number(entry.names[a]!.strength === 'weak') - Number(entry.names[b]!.strength === 'weak'));
    const seen = new Set<string>();
    for (const i of order) {
      const name = entry.names[i]!;
      const tokens = tokenizeName(name.full);
      if (isEmptyName(tokens)) continue;
      const key = [...tokens].sort().join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      this.names.addName(id, i, tokens, name.strength === 'weak');
    }
  }

  finish(options: EngineOptions): ScreeningIndex {
    return this.wrap(this.names.build(this.entries.length), options);
  }

  async finishAsync(options: EngineOptions, pause: () => Promise<void>): Promise<ScreeningIndex> {
    return this.wrap(await this.names.buildAsync(this.entries.length, pause), options);
  }

  private wrap(index: NameIndex, options: EngineOptions): ScreeningIndex {
    return new ScreeningIndex(index, this.entries, Uint16Array.from(this.entryList), this.lists, options);
  }
}

interface EntryResult {
  nameId: number;
  name: NameScore;
}

export class ScreeningIndex {
  private readonly accumulated: Float32Array;
  private readonly stamp: Int32Array;
  private stampCounter = 0;
  private readonly threshold: number;
  private readonly maxCandidates: number;
  private readonly limit: number;

  /** Use `build` / `buildAsync`. */
  constructor(
    private readonly index: NameIndex,
    private readonly entries: ListEntry[],
    private readonly entryList: Uint16Array,
    private readonly lists: { name: string; kind: ListKind }[],
    options: EngineOptions,
  ) {
    this.accumulated = new Float32Array(index.nameCount);
    this.stamp = new Int32Array(index.nameCount);
    this.threshold = options.threshold ?? DEFAULT_THRESHOLD;
    this.maxCandidates = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
    this.limit = options.limit ?? DEFAULT_LIMIT;
  }

  static build(lists: IndexedList[], options: EngineOptions = {}): ScreeningIndex {
    const assembler = new IndexAssembler();
    for (const list of lists) {
      const listId = assembler.startList(list.meta);
      for (const entry of list.entries) assembler.add(listId, entry);
    }
    return assembler.finish(options);
  }

  /**
   * Builds without holding the event loop: yields every `yieldEvery` entries so a running server keeps
   * answering while a new index is assembled. Entries may also arrive as an async stream (an importer).
   */
  static async buildAsync(
    lists: IndexedList<Iterable<ListEntry> | AsyncIterable<ListEntry>>[],
    options: EngineOptions & { yieldEvery?: number } = {},
  ): Promise<ScreeningIndex> {
    const yieldEvery = options.yieldEvery ?? 2000;
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve));
    const assembler = new IndexAssembler();
    let sinceYield = 0;
    for (const list of lists) {
      const listId = assembler.startList(list.meta);
      for await (const entry of list.entries) {
        assembler.add(listId, entry);
        if (++sinceYield >= yieldEvery) {
          sinceYield = 0;
          await pause();
        }
      }
    }
    return assembler.finishAsync(options, pause);
  }

  /** Number of indexed entries. */
  get size(): number {
    return this.entries.length;
  }

  screen(query: ScreeningQuery, options: ScreenOptions = {}): Match[] {
    const threshold = options.threshold ?? this.threshold;
    const limit = options.limit ?? this.limit;
    const fullQuery = `${query.givenName} ${query.surname}`.trim();
    const queryTokens = tokenizeName(fullQuery);
    if (isEmptyName(queryTokens)) return [];
    const queryName: PreparedName = { tokens: queryTokens, skeletons: queryTokens.map(skeleton) };
    const weigh = this.weigher();
    const match = memoisedMatcher();
    const kinds = options.kinds === undefined ? undefined : new Set(options.kinds);

    // Names of lists of other kinds are dropped before the candidate cap, so they cannot crowd out the
    // wanted kind. Among names that cover the query equally (a common name shared by hundreds of entries),
    // those whose entry agrees on the birth date go to the scorer first.
    const wanted = kinds === undefined ? undefined : (nameId: number) => kinds.has(this.lists[this.entryList[this.index.nameEntry(nameId)]!]!.kind);
    const preference = (nameId: number) => {
      const agreement = compareDateOfBirth(query.dateOfBirth, this.entries[this.index.nameEntry(nameId)]!.datesOfBirth);
      return agreement === undefined ? DOB_UNKNOWN_PREFERENCE : DOB_PREFERENCE[agreement];
    };
    const best = new Map<number, EntryResult>();
    const nameIds = options.exhaustive === true ? this.allNames(wanted) : this.candidates(queryTokens, weigh, preference, wanted);
    for (const nameId of nameIds) {
      const entryId = this.index.nameEntry(nameId);
      const candidate = this.preparedName(nameId);
      const scored = scoreNames(queryName, candidate, weigh, match);
      if (scored.score === 0 || scored.queryCoverage < MIN_QUERY_COVERAGE) continue;
      if (this.index.isWeak(nameId) && !isExactMatch(scored)) continue;
      const previous = best.get(entryId);
      if (previous === undefined || scored.score > previous.name.score) best.set(entryId, { nameId, name: scored });
    }

    const matches: Match[] = [];
    for (const [entryId, result] of best) {
      const qualified = this.qualify(entryId, result, query, fullQuery, threshold);
      if (qualified !== undefined) matches.push(qualified);
    }
    matches.sort((a, b) => b.score - a.score);
    return matches.slice(0, limit);
  }

  /** Token weight: length/particle base weight times the token's frequency factor in this index. */
  private weigher(): (token: string) => number {
    const cache = new Map<string, number>();
    return (token) => {
      let w = cache.get(token);
      if (w === undefined) {
        w = baseTokenWeight(token) * frequencyFactor(this.index.documentFrequency(token), this.index.entryCount);
        cache.set(token, w);
      }
      return w;
    };
  }

  /**
   * Stage one: list names covering enough of the query, best first, at most `maxCandidates`.
   *
   * Query tokens are processed rarest first (MaxScore-style): once the tokens still to come cannot, even all
   * together, lift a name that has not been seen yet to the candidate floor, the remaining — frequent —
   * tokens only add to names already found. "Mohammed" then costs a walk over the few names found through
   * the surname instead of a walk over every Mohammed in the index. This loses no candidate.
   */
  private candidates(
    queryTokens: string[],
    weigh: (token: string) => number,
    preference: (nameId: number) => number,
    wanted: ((nameId: number) => boolean) | undefined,
  ): number[] {
    const acc = this.accumulated;
    const stamp = this.stamp;
    const touched: number[] = [];
    const plans: { weight: number; similar: TokenCandidate[]; cost: number; joined?: true }[] = [];
    let totalWeight = 0;
    for (const token of queryTokens) {
      const weight = weigh(token);
      totalWeight += weight;
      if (token.length === 1 || isLowInformation(token)) continue;
      const similar = this.index.similarTokens(token);
      let cost = 0;
      for (const s of similar) cost += this.index.postingCount(s.token);
      plans.push({ weight, similar, cost });
    }
    // A name written split in the query and joined in the list ("Abdul Hai" / "ABDULHAI", "Mary Ann" /
    // "Maryann") shares no token with it: the joined neighbours are looked up too, carrying both weights.
    for (let i = 0; i + 1 < queryTokens.length; i++) {
      const [first, second] = [queryTokens[i]!, queryTokens[i + 1]!];
      if (first.length === 1 || second.length === 1) continue;
      // Only exact or spelling-equivalent joins: a fuzzy match of a long joined form finds many unrelated
      // names, which would crowd the real one out of the bounded candidate set.
      const similar = this.index.similarTokens(first + second).filter((s) => s.kind === 'exact' || s.kind === 'equivalent');
      if (similar.length === 0) continue;
      let cost = 0;
      for (const s of similar) cost += this.index.postingCount(s.token);
      plans.push({ weight: weigh(first) + weigh(second), similar, cost, joined: true });
    }
    const floor = MIN_QUERY_COVERAGE * totalWeight;
    plans.sort((a, b) => a.cost - b.cost);
    // Joined neighbours repeat their parts' weight, so they do not count towards what is still to come;
    // they are rare (the joined form must exist in the index) and may always add names.
    let remaining = plans.reduce((sum, p) => sum + (p.joined ? 0 : p.weight), 0);
    for (const plan of plans) {
      const mayAddNames = plan.joined === true || remaining >= floor;
      if (!plan.joined) remaining -= plan.weight;
      const mark = ++this.stampCounter;
      if (!mayAddNames && touched.length * 4 < plan.cost) {
        this.addToFoundNames(touched, plan.similar, plan.weight);
        continue;
      }
      for (const similar of plan.similar) {
        const gain = similar.similarity * plan.weight;
        for (const nameId of this.index.postings(similar.token)) {
          if (stamp[nameId] === mark) continue;
          stamp[nameId] = mark;
          if (acc[nameId] === 0) {
            if (!mayAddNames) continue;
            touched.push(nameId);
          }
          acc[nameId] = acc[nameId]! + gain;
        }
      }
    }
    const kept = this.best(touched, floor, preference, wanted);
    for (const nameId of touched) acc[nameId] = 0;
    if (this.stampCounter > 2_000_000_000) {
      this.stamp.fill(0);
      this.stampCounter = 0;
    }
    return kept;
  }

  /** Adds a frequent token's contribution to the names found so far by looking into those names. */
  private addToFoundNames(found: number[], similar: TokenCandidate[], weight: number): void {
    const bySimilarity = new Map<number, number>();
    for (const s of similar) bySimilarity.set(s.token, s.similarity);
    for (const nameId of found) {
      let best = 0;
      for (const token of this.index.nameTokens(nameId)) best = Math.max(best, bySimilarity.get(token) ?? 0);
      this.accumulated[nameId] = this.accumulated[nameId]! + best * weight;
    }
  }

  /**
   * The `maxCandidates` `wanted` names with the highest accumulated share from `floor` up, best first; among
   * names tied at the cut-off, those with the higher `preference` go first.
   */
  private best(touched: number[], floor: number, preference: (nameId: number) => number, wanted: ((nameId: number) => boolean) | undefined): number[] {
    const acc = this.accumulated;
    let kept: number[] = [];
    for (const nameId of touched) if (acc[nameId]! >= floor && (wanted === undefined || wanted(nameId))) kept.push(nameId);
    if (kept.length > this.maxCandidates) {
      // Cut-off by a numeric typed-array sort (no comparator calls), then order only what survives.
      const values = Float32Array.from(kept, (nameId) => acc[nameId]!).sort();
      const cutoff = values[values.length - this.maxCandidates]!;
      const above = kept.filter((nameId) => acc[nameId]! > cutoff).sort((a, b) => acc[b]! - acc[a]!);
      const tied: number[][] = [[], [], [], [], [], []];
      for (const nameId of kept) if (acc[nameId] === cutoff) tied[preference(nameId)]!.push(nameId);
      return [...above, ...tied.reverse().flat()].slice(0, this.maxCandidates);
    }
    kept.sort((a, b) => acc[b]! - acc[a]!);
    return kept;
  }

  private allNames(wanted: ((nameId: number) => boolean) | undefined): number[] {
    const all: number[] = [];
    for (let nameId = 0; nameId < this.index.nameCount; nameId++) if (wanted === undefined || wanted(nameId)) all.push(nameId);
    return all;
  }

  private preparedName(nameId: number): PreparedName {
    const ids = this.index.nameTokens(nameId);
    const tokens: string[] = [];
    const skeletons: string[] = [];
    for (const id of ids) {
      tokens.push(this.index.tokenText(id));
      skeletons.push(this.index.tokenSkeleton(id));
    }
    return { tokens, skeletons };
  }

  /**
   * Stage two's second half: the non-name facts. The explanation an officer reads is built only for an entry
   * that reaches the threshold.
   */
  private qualify(entryId: number, result: EntryResult, query: ScreeningQuery, fullQuery: string, threshold: number): Match | undefined {
    const entry = this.entries[entryId]!;
    const adjustments: Adjusted[] = [];
    let score = result.name.score;
    for (const adjust of [
      (s: number) => applyDateOfBirth(s, query.dateOfBirth, entry.datesOfBirth),
      (s: number) => applyCountry(s, query.country, entry.countries),
      (s: number) => applyGender(s, query.gender, entry.gender),
      (s: number) => applySchema(s, entry.schema),
    ]) {
      const adjusted = adjust(score);
      score = adjusted.score;
      adjustments.push(adjusted);
    }
    if (score < threshold) return undefined;

    const list = this.lists[this.entryList[entryId]!]!;
    const listName = entry.names[this.index.nameOrdinal(result.nameId)]!;
    const explanation: ExplanationItem[] = [
      { feature: 'name', effect: round(result.name.score), detail: `"${fullQuery}" against "${listName.full}" (${listName.strength} name)` },
      ...result.name.pairs.map(explainPair),
    ];
    if (result.name.unmatchedCandidate.length > 0) {
      explanation.push({ feature: 'name_unmatched_list', effect: 0, detail: `in the list name only: ${result.name.unmatchedCandidate.join(' ')}` });
    }
    if (result.name.unmatchedQuery.length > 0) {
      explanation.push({ feature: 'name_unmatched_query', effect: 0, detail: `in the person's name only: ${result.name.unmatchedQuery.join(' ')}` });
    }
    for (const adjusted of adjustments) if (adjusted.explain !== undefined) explanation.push(adjusted.explain());
    return { listName: list.name, kind: list.kind, entry, matchedName: listName.full, score: round(score), explanation };
  }
}

/** Within one query the same token pairs recur across candidate names: compare each pair once. */
function memoisedMatcher(): TokenMatcher {
  const cache = new Map<string, ReturnType<TokenMatcher>>();
  return (a, aSkeleton, b, bSkeleton) => {
    const key = a + '\u0000' + b;
    let result = cache.get(key);
    if (result === undefined) {
      result = tokenSimilarity(a, aSkeleton, b, bSkeleton);
      cache.set(key, result);
    }
    return result;
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Weak aliases count only when every token of both names matched exactly, as list publishers instruct. */
function isExactMatch(score: NameScore): boolean {
  const significant = (t: string) => !isLowInformation(t);
  return score.pairs.every((p) => p.kind === 'exact') && !score.unmatchedQuery.some(significant) && !score.unmatchedCandidate.some(significant);
}

const KIND_WORDS: Record<TokenPair['kind'], string> = {
  exact: 'exact',
  equivalent: 'equivalent legal form',
  phonetic: 'same name in another spelling or romanisation',
  fuzzy: 'close spelling (typo tolerated)',
  initial: 'initial',
};

function explainPair(pair: TokenPair): ExplanationItem {
  return { feature: `name_part:${pair.kind}`, effect: round(pair.similarity), detail: `"${pair.query}" ~ "${pair.candidate}": ${KIND_WORDS[pair.kind]}` };
}

/**
 * The in-memory candidate index: every list name as interned token ids, postings from token to names, and a
 * lookup from spelling variants to tokens. Built for a million entries: tokens are interned once, names and
 * postings live in flat typed arrays (compressed-row layout), and spelling variants are 32-bit hashes in one
 * sorted array searched by bisection — no Map or object per name.
 *
 * Variant keys per token: its romanisation skeleton and, for tokens of 4+ letters, its skeleton and plain
 * spelling with one letter deleted (a deletion neighbourhood, as in SymSpell). A query token looks up the
 * same forms with 1 (and from 6 letters on, 2) letters deleted, which finds the index tokens within the
 * scorer's edit budget in a few dozen bisections; hash collisions only add candidates the scorer rejects.
 */
import { skeleton } from './normalize.ts';
import { tokenSimilarity, type TokenMatchKind } from './scorer.ts';

/** Growable Int32 buffer: amortised appends without an array of boxed numbers. */
class IntBuffer {
  data = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = value;
  }
  trimmed(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * FNV-1a, 32 bit, of `text` with the characters at `skipA` and `skipB` left out (-1: none). Hashing a
 * deletion without building the shorter string keeps a query free of throw-away strings.
 */
function hashSkipping(text: string, skipA = -1, skipB = -1): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    if (i === skipA || i === skipB) continue;
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Hashes of a token's lookup keys: its skeleton, and for tokens long enough to be allowed a typo, the
 * 1-letter deletions of the skeleton, of the plain spelling (a typo across a digraph is near only in the
 * plain spelling) and of the consonant frame; with `twoEdits`, forms of TWO_EDIT_LENGTH or more also give
 * their 2-letter deletions.
 */
function variantHashes(token: string, tokenSkeleton: string, twoEdits: boolean): Set<number> {
  const keys = new Set([hashSkipping(tokenSkeleton)]);
  if (token.length < MIN_FUZZY_LENGTH || token.length > MAX_FUZZY_LENGTH) return keys;
  // The consonant frame (vowels after the first letter dropped) catches what costs the scorer half an edit
  // per vowel: a consonant typo plus a vowel change (Kalomir / Kakamir) is one deletion away in the frame.
  const frame = tokenSkeleton[0]! + tokenSkeleton.slice(1).replace(/[aeiou]/g, '');
  const forms = new Set([tokenSkeleton, token, frame]);
  for (const form of forms) {
    keys.add(hashSkipping(form));
    for (let i = 0; i < form.length; i++) {
      keys.add(hashSkipping(form, i));
      if (twoEdits && form.length >= TWO_EDIT_LENGTH && form.length <= MAX_TWO_EDIT_LENGTH) for (let j = i + 1; j < form.length; j++) keys.add(hashSkipping(form, i, j));
    }
  }
  return keys;
}

/** Deletion neighbourhood only for tokens long enough to be allowed a typo at all (see the scorer)… */
const MIN_FUZZY_LENGTH = 4;
/** …and not for runs of letters far longer than any name part (garbage input stays cheap). */
const MAX_FUZZY_LENGTH = 40;
/** From this length on, the query also looks up 2-letter deletions (the scorer allows two vowel edits or more). */
const TWO_EDIT_LENGTH = 6;
/** Beyond this length (no real name part is that long) the quadratic 2-deletion set is not generated. */
const MAX_TWO_EDIT_LENGTH = 24;

export interface TokenCandidate {
  token: number;
  similarity: number;
  kind: TokenMatchKind;
}

export class NameIndexBuilder {
  private readonly tokenIds = new Map<string, number>();
  private readonly tokenText: string[] = [];
  private readonly tokenEntryCount = new IntBuffer();
  private readonly tokenLastEntry = new IntBuffer();
  private readonly nameEntry = new IntBuffer();
  private readonly nameOrdinal = new IntBuffer();
  private readonly nameTokenStart = new IntBuffer();
  private readonly nameTokens = new IntBuffer();
  private readonly weakNames: number[] = [];

  /**
   * Adds one name of entry `entry` (entries are numbered by the caller, in increasing order); `ordinal` is
   * the name's position in the entry's own name list, to report which name matched.
   */
  addName(entry: number, ordinal: number, tokens: readonly string[], weak: boolean): void {
    if (tokens.length === 0) return;
    const name = this.nameEntry.length;
    this.nameEntry.push(entry);
    this.nameOrdinal.push(ordinal);
    this.nameTokenStart.push(this.nameTokens.length);
    if (weak) this.weakNames.push(name);
    for (const token of tokens) {
      const id = this.intern(token);
      this.nameTokens.push(id);
      if (this.tokenLastEntry.data[id] !== entry) {
        this.tokenLastEntry.data[id] = entry;
        this.tokenEntryCount.data[id]! += 1;
      }
    }
  }

  private intern(token: string): number {
    let id = this.tokenIds.get(token);
    if (id === undefined) {
      id = this.tokenText.length;
      this.tokenIds.set(token, id);
      this.tokenText.push(token);
      this.tokenEntryCount.push(0);
      this.tokenLastEntry.push(-1);
    }
    return id;
  }

  build(entryCount: number): NameIndex {
    const steps = this.buildSteps(entryCount);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
    }
  }

  /** Builds in slices, awaiting `pause` between them, so a server's event loop is never held for long. */
  async buildAsync(entryCount: number, pause: () => Promise<void>): Promise<NameIndex> {
    const steps = this.buildSteps(entryCount);
    for (;;) {
      const step = steps.next();
      if (step.done === true) return step.value;
      await pause();
    }
  }

  /** The build, as a generator that yields wherever it is safe to pause. */
  private *buildSteps(entryCount: number): Generator<void, NameIndex> {
    const nameCount = this.nameEntry.length;
    this.nameTokenStart.push(this.nameTokens.length);
    const nameTokenStart = this.nameTokenStart.trimmed();
    const nameTokens = this.nameTokens.trimmed();
    const tokenCount = this.tokenText.length;

    // Postings token → names, compressed rows: count, prefix-sum, fill.
    const postingStart = new Int32Array(tokenCount + 1);
    for (let i = 0; i < nameTokens.length; i++) postingStart[nameTokens[i]! + 1]! += 1;
    for (let t = 0; t < tokenCount; t++) postingStart[t + 1]! += postingStart[t]!;
    const postings = new Int32Array(nameTokens.length);
    const fill = postingStart.slice(0, tokenCount);
    for (let n = 0; n < nameCount; n++) {
      for (let k = nameTokenStart[n]!; k < nameTokenStart[n + 1]!; k++) {
        const t = nameTokens[k]!;
        postings[fill[t]!++] = n;
      }
    }
    yield;

    // Variant keys: (hash, token) pairs, sorted by hash.
    const skeletons: string[] = new Array(tokenCount);
    const keyHashes = new IntBuffer();
    const keyTokens = new IntBuffer();
    for (let t = 0; t < tokenCount; t++) {
      const tokenSkeleton = skeleton(this.tokenText[t]!);
      skeletons[t] = tokenSkeleton;
      for (const hash of variantHashes(this.tokenText[t]!, tokenSkeleton, false)) {
        keyHashes.push(hash | 0);
        keyTokens.push(t);
      }
      if (t % BUILD_SLICE === BUILD_SLICE - 1) yield;
    }
    const [sortedHashes, sortedTokens] = sortByHash(new Uint32Array(keyHashes.trimmed().buffer), keyTokens.trimmed());
    yield;

    const weak = new Uint8Array(nameCount);
    for (const n of this.weakNames) weak[n] = 1;
    return new NameIndex({
      entryCount,
      tokenIds: this.tokenIds,
      tokenText: this.tokenText,
      tokenSkeleton: skeletons,
      tokenEntryCount: this.tokenEntryCount.trimmed(),
      nameEntry: this.nameEntry.trimmed(),
      nameOrdinal: this.nameOrdinal.trimmed(),
      nameTokenStart,
      nameTokens,
      nameWeak: weak,
      postingStart,
      postings,
      keyHashes: sortedHashes,
      keyTokens: sortedTokens,
    });
  }
}

/** Tokens processed between two pauses of an asynchronous build. */
const BUILD_SLICE = 20_000;

/** Sorts (hash, token) pairs by hash: a two-pass 16-bit radix sort, linear in the number of keys. */
function sortByHash(hashes: Uint32Array, tokens: Int32Array): [Uint32Array, Int32Array] {
  const n = hashes.length;
  let fromHashes = hashes;
  let fromTokens = tokens;
  let toHashes: Uint32Array = new Uint32Array(n);
  let toTokens: Int32Array = new Int32Array(n);
  for (const shift of [0, 16]) {
    const starts = new Uint32Array(65537);
    for (let i = 0; i < n; i++) starts[((fromHashes[i]! >>> shift) & 0xffff) + 1]! += 1;
    for (let b = 0; b < 65536; b++) starts[b + 1]! += starts[b]!;
    for (let i = 0; i < n; i++) {
      const at = starts[(fromHashes[i]! >>> shift) & 0xffff]!++;
      toHashes[at] = fromHashes[i]!;
      toTokens[at] = fromTokens[i]!;
    }
    [fromHashes, toHashes] = [toHashes, fromHashes];
    [fromTokens, toTokens] = [toTokens, fromTokens];
  }
  return [fromHashes, fromTokens];
}

interface NameIndexData {
  entryCount: number;
  tokenIds: Map<string, number>;
  tokenText: string[];
  tokenSkeleton: string[];
  tokenEntryCount: Int32Array;
  nameEntry: Int32Array;
  nameOrdinal: Int32Array;
  nameTokenStart: Int32Array;
  nameTokens: Int32Array;
  nameWeak: Uint8Array;
  postingStart: Int32Array;
  postings: Int32Array;
  keyHashes: Uint32Array;
  keyTokens: Int32Array;
}

export class NameIndex {
  constructor(private readonly d: NameIndexData) {}

  get entryCount(): number {
    return this.d.entryCount;
  }
  get nameCount(): number {
    return this.d.nameEntry.length;
  }
  get tokenCount(): number {
    return this.d.tokenText.length;
  }

  tokenText(id: number): string {
    return this.d.tokenText[id]!;
  }
  tokenSkeleton(id: number): string {
    return this.d.tokenSkeleton[id]!;
  }
  tokenId(token: string): number | undefined {
    return this.d.tokenIds.get(token);
  }
  /** In how many entries the token occurs. */
  documentFrequency(token: string): number {
    const id = this.d.tokenIds.get(token);
    return id === undefined ? 0 : this.d.tokenEntryCount[id]!;
  }

  nameEntry(name: number): number {
    return this.d.nameEntry[name]!;
  }
  nameOrdinal(name: number): number {
    return this.d.nameOrdinal[name]!;
  }
  isWeak(name: number): boolean {
    return this.d.nameWeak[name] === 1;
  }
  nameTokens(name: number): Int32Array {
    return this.d.nameTokens.subarray(this.d.nameTokenStart[name]!, this.d.nameTokenStart[name + 1]!);
  }
  postingCount(token: number): number {
    return this.d.postingStart[token + 1]! - this.d.postingStart[token]!;
  }
  postings(token: number): Int32Array {
    return this.d.postings.subarray(this.d.postingStart[token]!, this.d.postingStart[token + 1]!);
  }

  /** Index tokens that match `token` (exactly, by romanisation, fuzzily or as an initial), best first. */
  similarTokens(token: string): TokenCandidate[] {
    const found = new Map<number, TokenCandidate>();
    const checked = new Set<number>();
    const querySkeleton = skeleton(token);
    const consider = (id: number) => {
      if (checked.has(id)) return;
      checked.add(id);
      const m = tokenSimilarity(token, querySkeleton, this.d.tokenText[id]!, this.d.tokenSkeleton[id]!);
      if (m !== null && m.kind !== 'initial') found.set(id, { token: id, similarity: m.similarity, kind: m.kind });
    };
    const exact = this.d.tokenIds.get(token);
    if (exact !== undefined) consider(exact);
    for (const hash of variantHashes(token, querySkeleton, true)) this.forKey(hash, consider);
    return [...found.values()].sort((a, b) => b.similarity - a.similarity);
  }

  private forKey(hash: number, visit: (token: number) => void): void {
    const hashes = this.d.keyHashes;
    let lo = 0;
    let hi = hashes.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (hashes[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < hashes.length && hashes[i] === hash; i++) visit(this.d.keyTokens[i]!);
  }
}

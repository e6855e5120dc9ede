/**
 * Name-vs-name scoring. Two names are token lists; tokens are aligned one-to-one regardless of order
 * (word-order swaps and OFAC's "SURNAME, Given" cost nothing), each aligned pair says how it matched, and the
 * score is the weighted share of both names that found a partner. The shorter name must be covered almost
 * entirely; extra tokens on the longer side (a middle name, a patronymic) cost little; a name part present on
 * both sides but different (two different middle names) is a conflict and costs more.
 */
import { isIdentifying, isLowInformation, isVowel, legalFormKind, legalFormKinds, skeleton, tokenizeName } from './normalize.ts';

export type TokenMatchKind = 'exact' | 'equivalent' | 'phonetic' | 'fuzzy' | 'initial';

export interface PreparedName {
  tokens: string[];
  skeletons: string[];
}

export interface TokenPair {
  query: string;
  candidate: string;
  kind: TokenMatchKind;
  similarity: number;
}

export interface NameScore {
  score: number;
  /** The weighted share of the query name that found a partner, in [0, 1]. */
  queryCoverage: number;
  pairs: TokenPair[];
  unmatchedQuery: string[];
  unmatchedCandidate: string[];
}

/** Gives a token's weight; the index passes one derived from token frequency (IDF). */
export type TokenWeigher = (token: string) => number;

/** Token-vs-token matcher; the index passes a memoising wrapper around `tokenSimilarity`. */
export type TokenMatcher = (a: string, aSkeleton: string, b: string, bSkeleton: string) => { similarity: number; kind: TokenMatchKind } | null;

/** Similarity credited to a spelling that differs only in romanisation (same skeleton). */
const PHONETIC_SIMILARITY = 0.95;
/** Similarity credited to an initial standing for a full token ("J." for "Joachim"). */
const INITIAL_SIMILARITY = 0.7;
/** How much unmatched tokens of the longer name still count (a missing middle name is normal). */
const LONGER_SIDE_SHARE = 0.3;
/** The same when the shorter name is a single word. */
const MONONYM_LONGER_SIDE_SHARE = 0.5;
/** Multiplier when both names have a significant token the other lacks: different people, same frame. */
const CONFLICT_FACTOR = 0.88;
/** Multiplier when a father and son name trade places around "bin"/"ibn": a different person. */
const PATRONYMIC_SWAP_FACTOR = 0.6;
/** Multiplier when both names carry a legal form and the forms are of different kinds (AG vs GmbH). */
const LEGAL_FORM_CONFLICT_FACTOR = 0.8;
const PATRONYMIC_MARKERS = new Set(['bin', 'ibn', 'ben', 'bint', 'binti', 'ould']);

/** Token similarity needed for a joined token ("SergeiLavrov") to be treated as two. */
const MERGE_SIMILARITY = 0.85;

export function prepareName(raw: string): PreparedName {
  const tokens = tokenizeName(raw);
  return { tokens, skeletons: tokens.map(skeleton) };
}

/**
 * Edit budget by the shorter token's length: none at all for 1–3 letters (a 3-letter name that differs by a
 * letter is another name: Ali / Ala), then growing with length so a typo in a long surname is tolerated.
 */
function editBudget(shorterLength: number): number {
  if (shorterLength <= 3) return 0;
  if (shorterLength <= 5) return 1;
  if (shorterLength <= 9) return 1.5;
  return 2.5;
}

/**
 * Damerau (optimal string alignment) distance where vowel edits cost half: across languages and
 * transliterations vowels drift (Aleksandr / Alexander, Mohammed / Muhammad) far more than consonants.
 * Returns Infinity as soon as the distance must exceed `max`.
 */
export function weightedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) * 0.5 > max) return Infinity;
  const n = b.length;
  if (n + 1 > rowA.length) growRows(n + 1);
  let prevPrev = rowA;
  let prev = rowB;
  let cur = rowC;
  prev[0] = 0;
  for (let j = 1; j <= n; j++) prev[j] = prev[j - 1]! + indelCost(b[j - 1]!);
  for (let i = 1; i <= a.length; i++) {
    const ca = a[i - 1]!;
    cur[0] = prev[0]! + indelCost(ca);
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cb = b[j - 1]!;
      let best = Math.min(prev[j]! + indelCost(ca), cur[j - 1]! + indelCost(cb), prev[j - 1]! + substitutionCost(ca, cb));
      if (i > 1 && j > 1 && ca === b[j - 2] && a[i - 2] === cb) best = Math.min(best, prevPrev[j - 2]! + 1);
      cur[j] = best;
      if (best < rowMin) rowMin = best;
    }
    if (rowMin > max) return Infinity;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  const distance = prev[n]!;
  return distance > max ? Infinity : distance;
}

// Scratch rows reused by every distance computation: screening is synchronous, so one set suffices and
// the hot path allocates nothing.
let rowA = new Float64Array(64);
let rowB = new Float64Array(64);
let rowC = new Float64Array(64);
function growRows(size: number): void {
  rowA = new Float64Array(size);
  rowB = new Float64Array(size);
  rowC = new Float64Array(size);
}

function indelCost(ch: string): number {
  return isVowel(ch) ? 0.5 : 1;
}

function substitutionCost(a: string, b: string): number {
  if (a === b) return 0;
  return isVowel(a) && isVowel(b) ? 0.5 : 1;
}

/** How two tokens match, or null when they do not. */
export function tokenSimilarity(
  a: string,
  aSkeleton: string,
  b: string,
  bSkeleton: string,
): { similarity: number; kind: TokenMatchKind } | null {
  if (a === b) return { similarity: 1, kind: 'exact' };
  const legalForm = legalFormKind(a);
  if (legalForm !== undefined && legalForm === legalFormKind(b)) return { similarity: 1, kind: 'equivalent' };
  if (a.length === 1 || b.length === 1) {
    return a[0] === b[0] && a.length !== b.length ? { similarity: INITIAL_SIMILARITY, kind: 'initial' } : null;
  }
  if (aSkeleton === bSkeleton) return { similarity: PHONETIC_SIMILARITY, kind: 'phonetic' };
  const shorter = Math.min(a.length, b.length);
  const budget = editBudget(shorter);
  if (budget === 0 || /\d/.test(a) || /\d/.test(b)) return null;
  // Spelling distance on the skeletons (romanisation-neutral) and on the plain letters: a typo can cut
  // through a digraph ("hSarouri" for "Sharouri") and is then one edit only in the plain spelling.
  const onSkeletons = weightedEditDistance(aSkeleton, bSkeleton, budget) / Math.max(aSkeleton.length, bSkeleton.length);
  const onLetters = weightedEditDistance(a, b, budget) / Math.max(a.length, b.length);
  const relative = Math.min(onSkeletons, onLetters);
  if (relative === Infinity) return null;
  return { similarity: Math.min(PHONETIC_SIMILARITY - 0.01, 1 - relative), kind: 'fuzzy' };
}

/** A token's weight before frequency: short tokens and particles identify less. */
export function baseTokenWeight(token: string): number {
  if (isLowInformation(token)) return 0.1;
  if (token.length === 1) return 0.4;
  if (token.length === 2) return 0.6;
  if (token.length === 3) return 0.8;
  return 1;
}

/**
 * Joins adjacent tokens of `side` when the join matches a token of `other` that neither part matches
 * alone: "Sergei Lavrov" vs "SergeiLavrov", "Patr ushev" vs "Patrushev".
 */
function mergeSplitTokens(side: PreparedName, other: PreparedName, match: TokenMatcher): PreparedName {
  if (side.tokens.length < 2 || other.tokens.length === 0) return side;
  let tokens = side.tokens;
  let skeletons = side.skeletons;
  for (let i = 0; i + 1 < tokens.length; i++) {
    const joined = tokens[i]! + tokens[i + 1]!;
    // Cheap pre-check before computing a skeleton: only a token about as long as the join can be it.
    if (!other.tokens.some((o) => o.length >= joined.length - 2 && o.length <= joined.length + 2 && o[0] === joined[0])) continue;
    const joinedSkeleton = skeleton(joined);
    const matchesJoinOnly = other.tokens.some((o, k) => {
      const os = other.skeletons[k]!;
      const whole = match(joined, joinedSkeleton, o, os);
      if (whole === null || whole.similarity < MERGE_SIMILARITY) return false;
      return match(tokens[i]!, skeletons[i]!, o, os) === null && match(tokens[i + 1]!, skeletons[i + 1]!, o, os) === null;
    });
    if (matchesJoinOnly) {
      tokens = [...tokens.slice(0, i), joined, ...tokens.slice(i + 2)];
      skeletons = [...skeletons.slice(0, i), joinedSkeleton, ...skeletons.slice(i + 2)];
      i--;
    }
  }
  return { tokens, skeletons };
}

/**
 * Splits an initialism ("JC", from "J.-C.") into its initials when consecutive tokens of the other name
 * start with those letters ("Jean Claude"); the initials then align as initials. Only vowel-less tokens of
 * 2–3 letters qualify, so short names (Li, Kim, Ana) are never taken apart.
 */
function expandInitialisms(side: PreparedName, other: PreparedName): PreparedName {
  const initials = other.tokens.map((t) => t[0]).join('');
  let tokens = side.tokens;
  for (const token of side.tokens) {
    if (token.length < 2 || token.length > 3 || /[aeiou\d]/.test(token) || other.tokens.includes(token)) continue;
    if (!initials.includes(token)) continue;
    const at = tokens.indexOf(token);
    tokens = [...tokens.slice(0, at), ...token.split(''), ...tokens.slice(at + 1)];
  }
  return tokens === side.tokens ? side : { tokens, skeletons: tokens.map(skeleton) };
}

/**
 * Scores a query name against a candidate name in [0, 1] and says which tokens matched and how.
 * `weigh` gives each token's weight (defaults to `baseTokenWeight`); `match` compares two tokens.
 */
export function scoreNames(
  queryName: PreparedName,
  candidateName: PreparedName,
  weigh: TokenWeigher = baseTokenWeight,
  match: TokenMatcher = tokenSimilarity,
): NameScore {
  const empty: NameScore = { score: 0, queryCoverage: 0, pairs: [], unmatchedQuery: queryName.tokens, unmatchedCandidate: candidateName.tokens };
  if (queryName.tokens.length === 0 || candidateName.tokens.length === 0) return empty;
  const q = expandInitialisms(mergeSplitTokens(queryName, candidateName, match), candidateName);
  const c = expandInitialisms(mergeSplitTokens(candidateName, q, match), q);

  const options: { i: number; j: number; similarity: number; kind: TokenMatchKind }[] = [];
  for (let i = 0; i < q.tokens.length; i++) {
    for (let j = 0; j < c.tokens.length; j++) {
      const m = match(q.tokens[i]!, q.skeletons[i]!, c.tokens[j]!, c.skeletons[j]!);
      if (m !== null) options.push({ i, j, ...m });
    }
  }
  // Greedy one-to-one alignment, best pairs first; names have few tokens so this is as good as optimal in
  // practice. Ties prefer pairs in the same relative position.
  options.sort((x, y) => y.similarity - x.similarity || Math.abs(x.i - x.j) - Math.abs(y.i - y.j));
  const usedQ = new Set<number>();
  const usedC = new Set<number>();
  const pairs: TokenPair[] = [];
  let coveredQ = 0;
  let coveredC = 0;
  let identifying = false;
  for (const o of options) {
    if (usedQ.has(o.i) || usedC.has(o.j)) continue;
    usedQ.add(o.i);
    usedC.add(o.j);
    const qt = q.tokens[o.i]!;
    const ct = c.tokens[o.j]!;
    pairs.push({ query: qt, candidate: ct, kind: o.kind, similarity: o.similarity });
    coveredQ += o.similarity * weigh(qt);
    coveredC += o.similarity * weigh(ct);
    if (o.kind !== 'initial' && isIdentifying(qt)) identifying = true;
  }
  const unmatchedQuery = q.tokens.filter((_, i) => !usedQ.has(i));
  const unmatchedCandidate = c.tokens.filter((_, j) => !usedC.has(j));
  if (!identifying) return { ...empty, pairs, unmatchedQuery, unmatchedCandidate };
  let score = 1;

  if (patronymicSwapped(q.tokens, c.tokens, pairs)) score *= PATRONYMIC_SWAP_FACTOR;
  if (legalFormsConflict(q.tokens, c.tokens)) score *= LEGAL_FORM_CONFLICT_FACTOR;
  const totalQ = q.tokens.reduce((s, t) => s + weigh(t), 0);
  const totalC = c.tokens.reduce((s, t) => s + weigh(t), 0);
  const coverQ = coveredQ / totalQ;
  const coverC = coveredC / totalC;
  const [shortCover, longCover] = totalQ <= totalC ? [coverQ, coverC] : [coverC, coverQ];
  // A one-word name (a mononym, a vessel) is found inside many longer names; there the longer side's
  // coverage counts more.
  const shortTokens = (totalQ <= totalC ? q.tokens : c.tokens).filter((t) => !isLowInformation(t)).length;
  const longShare = shortTokens <= 1 ? MONONYM_LONGER_SIDE_SHARE : LONGER_SIDE_SHARE;
  score *= shortCover * (1 - longShare + longShare * longCover);
  const significant = (t: string) => !isLowInformation(t);
  if (unmatchedQuery.some(significant) && unmatchedCandidate.some(significant)) score *= CONFLICT_FACTOR;
  return { score: Math.min(1, Math.max(0, score)), queryCoverage: coverQ, pairs, unmatchedQuery, unmatchedCandidate };
}

/** Which side of a patronymic marker each token stands on: 'self' before "bin", 'father' after it. */
function patronymicRoles(tokens: string[]): Map<string, 'self' | 'father'> {
  const roles = new Map<string, 'self' | 'father'>();
  tokens.forEach((t, i) => {
    if (!PATRONYMIC_MARKERS.has(t)) return;
    const before = tokens[i - 1];
    const after = tokens[i + 1];
    if (before !== undefined && !isLowInformation(before)) roles.set(before, 'self');
    if (after !== undefined && !isLowInformation(after)) roles.set(after, 'father');
  });
  return roles;
}

function patronymicSwapped(queryTokens: string[], candidateTokens: string[], pairs: TokenPair[]): boolean {
  const q = patronymicRoles(queryTokens);
  const c = patronymicRoles(candidateTokens);
  if (q.size === 0 || c.size === 0) return false;
  return pairs.some((p) => {
    const qr = q.get(p.query);
    const cr = c.get(p.candidate);
    return qr !== undefined && cr !== undefined && qr !== cr;
  });
}

function legalFormsConflict(queryTokens: string[], candidateTokens: string[]): boolean {
  const q = legalFormKinds(queryTokens);
  const c = legalFormKinds(candidateTokens);
  if (q.size === 0 || c.size === 0) return false;
  for (const kind of q) if (c.has(kind)) return false;
  return true;
}

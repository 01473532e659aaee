/**
 * "Did you mean" suggestions for unknown keys and names. Distance is Damerau-Levenshtein (optimal string
 * alignment) after folding case and separators, so `dest_retry_time` suggests `destRetryTime` and `popularty`
 * suggests `popularity`.
 */

/** Lower-cases and drops `_`, `-` and spaces, so spellings differing only in style compare equal. */
function fold(name: string): string {
  return name.toLowerCase().replace(/[_\-\s]/g, "");
}

/** Edit distance with adjacent transpositions counting as one edit. */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The closest candidate to `name`, if close enough to be a plausible typo; ties go to the earlier candidate. */
export function suggest(name: string, candidates: readonly string[]): string | undefined {
  const folded = fold(name);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(folded, fold(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = Math.max(1, Math.min(3, Math.floor(folded.length / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** ` (did you mean "x"?)` when there is a plausible suggestion, else the empty string. */
export function didYouMean(name: string, candidates: readonly string[]): string {
  const best = suggest(name, candidates);
  return best === undefined ? "" : ` (did you mean "${best}"?)`;
}

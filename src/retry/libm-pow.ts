/**
 * `x ** 3` and `x ** (1/3.0)` correctly rounded, which is what glibc's `pow` returns in all but rare cases and
 * V8's `**` does not: its results differ in the last bit for about one cube in ten. botocore's CUBIC
 * calculator computes both in Python, so the adaptive limiter uses these to follow it bit for bit (it does
 * on every recorded vector).
 */

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's split for doubles

/** a·b as an unevaluated sum hi + lo, exactly (Dekker). */
function twoProduct(a: number, b: number): [number, number] {
  const p = a * b;
  const as = SPLITTER * a;
  const ah = as - (as - a);
  const al = a - ah;
  const bs = SPLITTER * b;
  const bh = bs - (bs - b);
  const bl = b - bh;
  return [p, ah * bh - p + ah * bl + al * bh + al * bl];
}

/** x³, correctly rounded (double-double product). */
export function cubeLibm(x: number): number {
  const [h, l] = twoProduct(x, x);
  const [h2, l2] = twoProduct(h, x);
  return h2 + (l2 + l * x);
}

/** The double nearest to 1/3 is 1/3 − 1/(3·2^54); `x ** (1/3.0)` is cbrt(x)·x^(−that gap). */
const ONE_THIRD_GAP = 1 / (3 * 2 ** 54);

/** x ** (1/3.0) for x ≥ 0, correctly rounded: a Newton step on Math.cbrt in double-double, then the gap. */
export function powOneThirdLibm(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) return x ** (1 / 3);
  const y = Math.cbrt(x);
  const [h, l] = twoProduct(y, y);
  const [h3, l3] = twoProduct(h, y);
  const residual = x - h3 - (l3 + l * y);
  const correction = residual / (3 * y * y) - y * ONE_THIRD_GAP * Math.log(x);
  return y + correction;
}

/**
 * The four HTTP operations a client sends through the cluster, as small integers: the hot path (data path,
 * request driver, metrics) carries and compares these, never names. The numbering is fixed — OP_NAMES, the
 * policies' request contexts and the metrics' op registry all list the operations in this order.
 */

export const OP_GET = 0;
export const OP_PUT = 1;
export const OP_HEAD = 2;
export const OP_DELETE = 3;

/** Names of the operations by id (the metrics' op registry interns them in this order). */
export const OP_NAMES = ["GET", "PUT", "HEAD", "DELETE"] as const;
export type OpName = (typeof OP_NAMES)[number];

/** True for a GET: it returns an object version (the version checker looks at each successful one). */
export function isGet(op: number): boolean {
  return op === OP_GET;
}

/** True when a successful request moved the object's body (GET down, PUT up): its bytes count as throughput. */
export function movesBody(op: number): boolean {
  return op === OP_GET || op === OP_PUT;
}

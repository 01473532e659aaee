/**
 * Sweep keys are dotted paths into the experiment as written: `workload.clients`, `duration`,
 * `cluster.targets` (also when `cluster:` names a model file), `faults.0.down`, `variants.sdk-1.25.set.outer.stop.after_attempt`
 * (array items by index or by `name`; everything after `set.` is one preset param key).
 */

/** Deep copy of a plain JSON-like value. */
export function cloneValue<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * Sets `key` to `value` inside `root` (mutating it), creating missing intermediate mappings. `expandCluster`
 * supplies the written model when the path enters a `cluster:` given as a file path. Returns an error message
 * when the path cannot be followed (through a scalar, past the end of a list).
 */
export function setAtKey(root: Record<string, unknown>, key: string, value: unknown, expandCluster: () => unknown): string | undefined {
  const segments = key.split(".");
  let node: unknown = root;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    if (Array.isArray(node)) {
      const index = /^\d+$/.test(segment) ? Number(segment) : node.findIndex((e) => isRecord(e) && e.name === segment);
      if (index < 0 || index >= node.length) return `no list item "${segment}" at ${segments.slice(0, i).join(".")}`;
      if (last) {
        node[index] = value;
        return undefined;
      }
      node = node[index];
      continue;
    }
    if (!isRecord(node)) return `${segments.slice(0, i).join(".")} is not a mapping`;
    if (last) {
      node[segment] = value;
      return undefined;
    }
    if (segment === "set" && i > 0) {
      // Preset params are dotted themselves: the rest of the key is one param.
      const set = isRecord(node.set) ? node.set : (node.set = {});
      (set as Record<string, unknown>)[segments.slice(i + 1).join(".")] = value;
      return undefined;
    }
    if (node === root && segment === "cluster" && typeof node.cluster === "string") node.cluster = cloneValue(expandCluster());
    if (node[segment] === undefined || node[segment] === null) node[segment] = {};
    node = node[segment];
  }
  return undefined;
}

/** Every combination of the axes' values, first axis outermost, as key → value records in axis order. */
export function sweepCombinations(axes: readonly { key: string; values: readonly unknown[] }[]): Record<string, unknown>[] {
  let points: Record<string, unknown>[] = [{}];
  for (const axis of axes) {
    const next: Record<string, unknown>[] = [];
    for (const point of points) for (const value of axis.values) next.push({ ...point, [axis.key]: value });
    points = next;
  }
  return points;
}

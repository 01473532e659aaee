import { readFileSync } from "node:fs";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node as YamlNode, type YAMLMap } from "yaml";
import { InputError } from "../util/input-error.js";
import { DEFAULT_TEMPLATE, parseTemplate } from "./name-pattern.js";
import { Smap, type MountpathFlag, type ProxyFlag, type SmapInit, type TargetFlag } from "./smap.js";
import { parseBucketRef, type BucketRef } from "./uname.js";

/*
 * The cluster file `aisim place` reads: a JSON map
 *   {"targets":[{"id","flags":[…],"mountpaths":[{"path","flags":["waitingDD"]}]}],"proxies":[{"id","flags":[…]}]}
 * or a cluster model (YAML) of which only the placement keys are read: `targets` (a count, a list of IDs, or a
 * list of {id, flags, mountpaths}), `proxies` (the same), `mountpaths.perTarget`, `buckets` ({name, objects, size,
 * template}). Other model keys are ignored here; the full model loader validates them. Generated names: targets
 * t1..tN, proxies p1..pN, mountpaths /ais/mp1../ais/mpK. Errors are InputErrors at file:line:col.
 */

/** A bucket population from the model: `objects` names from `template`, each `sizeBytes` long. */
export interface BucketSpec {
  /** The bucket as written (`ais://data`). */
  readonly name: string;
  readonly bucket: BucketRef;
  readonly objects: number;
  readonly sizeBytes: number;
  readonly template: string;
}

/** What a cluster file describes for placement. */
export interface ClusterFile {
  readonly file: string;
  readonly smap: Smap;
  readonly buckets: readonly BucketSpec[];
}

const TARGET_FLAGS: readonly TargetFlag[] = ["maintenance", "decommission"];
const PROXY_FLAGS: readonly ProxyFlag[] = ["nonElectable", "maintenance"];
const MOUNTPATH_FLAGS: readonly MountpathFlag[] = ["waitingDD"];

const BYTES_PER_UNIT: Readonly<Record<string, number>> = {
  "": 1, B: 1, KB: 1e3, kB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3, TiB: 1024 ** 4,
};

/** Reads and checks a cluster file (JSON map or YAML model); `text` overrides reading `file`. */
export function readClusterFile(file: string, text?: string): ClusterFile {
  let source: string;
  try {
    source = text ?? readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`cannot read cluster file: ${(e as Error).message}`, { file });
  }
  return new ClusterFileReader(file, source).read();
}

class ClusterFileReader {
  private readonly lines = new LineCounter();
  private readonly ids = new Set<string>();

  constructor(
    private readonly file: string,
    private readonly source: string,
  ) {}

  private fail(message: string, node?: YamlNode | null, offset?: number): never {
    const at = offset ?? node?.range?.[0];
    if (at === undefined) throw new InputError(message, { file: this.file });
    const pos = this.lines.linePos(at);
    throw new InputError(message, { file: this.file, line: pos.line, column: pos.col });
  }

  read(): ClusterFile {
    const doc = parseDocument(this.source, { lineCounter: this.lines, uniqueKeys: true });
    const bad = doc.errors[0];
    if (bad) this.fail(`not valid JSON or YAML: ${bad.message.split("\n")[0]}`, null, bad.pos[0]);
    const root = doc.contents;
    if (!isMap(root)) this.fail("expected a cluster map or model (a mapping with 'targets')", root ?? null, 0);
    const mountpathsPerTarget = this.perTarget(root);
    const targetsNode = root.get("targets", true) as YamlNode | undefined;
    if (targetsNode === undefined) this.fail("the cluster has no 'targets'", root);
    const targets = this.nodes(targetsNode, "t", "target", (item, id) => this.target(item, id, mountpathsPerTarget));
    if (targets.length === 0) this.fail("empty cluster map: no targets", targetsNode);
    const proxiesNode = root.get("proxies", true) as YamlNode | undefined;
    const proxies = proxiesNode === undefined ? [] : this.nodes(proxiesNode, "p", "proxy", (item, id) => this.proxy(item, id));
    const init: SmapInit = { targets, proxies };
    return { file: this.file, smap: Smap.create(init), buckets: this.buckets(root.get("buckets", true) as YamlNode | undefined) };
  }

  /** `mountpaths: {perTarget: K}` of a model (0 when absent). */
  private perTarget(root: YAMLMap): number {
    const node = root.get("mountpaths", true) as YamlNode | undefined;
    if (node === undefined) return 0;
    if (!isMap(node)) this.fail("'mountpaths' must be a mapping such as { perTarget: 8, kind: nvme }", node);
    const k = node.get("perTarget", true) as YamlNode | undefined;
    if (k === undefined) return 0;
    const n = isScalar(k) ? k.value : undefined;
    if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 254) this.fail("'mountpaths.perTarget' must be an integer from 0 to 254", k);
    return n;
  }

  /** A count (generated IDs `prefix1..prefixN`) or a list of IDs / node mappings. */
  private nodes<T>(node: YamlNode, prefix: string, what: string, item: (n: YamlNode | null, id: string) => T): T[] {
    if (isScalar(node)) {
      const n = node.value;
      if (typeof n !== "number" || !Number.isInteger(n) || n < 0 || n > 65535) this.fail(`'${what === "proxy" ? "proxies" : "targets"}' must be a count or a list of nodes`, node);
      return Array.from({ length: n }, (_, i) => item(null, this.claim(`${prefix}${i + 1}`, node)));
    }
    if (!isSeq(node)) this.fail(`'${what === "proxy" ? "proxies" : "targets"}' must be a count or a list of nodes`, node);
    return node.items.map((entry) => {
      const e = entry as YamlNode;
      if (isScalar(e)) return item(null, this.claim(this.idString(e, what), e));
      if (!isMap(e)) this.fail(`a ${what} must be an ID or a mapping with 'id'`, e);
      const idNode = e.get("id", true) as YamlNode | undefined;
      if (idNode === undefined || !isScalar(idNode)) this.fail(`a ${what} needs an 'id'`, e);
      return item(e, this.claim(this.idString(idNode, what), idNode));
    });
  }

  private idString(node: YamlNode, what: string): string {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v !== "string" && typeof v !== "number") this.fail(`a ${what} ID must be a string`, node);
    const id = String(v);
    if (id === "" || /\s/.test(id)) this.fail(`malformed ${what} ID '${id}' (non-empty, no spaces)`, node);
    return id;
  }

  private claim(id: string, node: YamlNode): string {
    if (this.ids.has(id)) this.fail(`duplicate node ID '${id}'`, node);
    this.ids.add(id);
    return id;
  }

  private checkKeys(node: YAMLMap, allowed: readonly string[], what: string): void {
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : "";
      if (!allowed.includes(key)) this.fail(`unknown ${what} key '${key}' (expected ${allowed.join(", ")})`, pair.key as YamlNode);
    }
  }

  private flags<F extends string>(node: YAMLMap | null, allowed: readonly F[], what: string): F[] {
    const f = node?.get("flags", true) as YamlNode | undefined;
    if (f === undefined) return [];
    if (!isSeq(f)) this.fail(`${what} 'flags' must be a list such as ["${allowed[0]}"]`, f);
    return f.items.map((x) => {
      const v = isScalar(x) ? x.value : undefined;
      if (typeof v !== "string" || !(allowed as readonly string[]).includes(v)) this.fail(`invalid ${what} flag '${String(v)}' (expected ${allowed.join(", ")})`, x as YamlNode);
      return v as F;
    });
  }

  private target(node: YamlNode | null, id: string, perTarget: number): SmapInit["targets"][number] {
    const m = node !== null && isMap(node) ? node : null;
    if (m) this.checkKeys(m, ["id", "flags", "mountpaths"], "target");
    const flags = this.flags(m, TARGET_FLAGS, "target");
    const mpNode = m?.get("mountpaths", true) as YamlNode | undefined;
    if (mpNode === undefined) return { id, flags, mountpaths: Array.from({ length: perTarget }, (_, i) => `/ais/mp${i + 1}`) };
    if (!isSeq(mpNode)) this.fail("target 'mountpaths' must be a list of paths or {path, flags}", mpNode);
    if (mpNode.items.length > 254) this.fail("a target has at most 254 mountpaths", mpNode);
    const seen = new Set<string>();
    const mountpaths = mpNode.items.map((x) => {
      const e = x as YamlNode;
      let pathNode: YamlNode | undefined = e;
      let mflags: MountpathFlag[] = [];
      if (isMap(e)) {
        this.checkKeys(e, ["path", "flags"], "mountpath");
        pathNode = e.get("path", true) as YamlNode | undefined;
        mflags = this.flags(e, MOUNTPATH_FLAGS, "mountpath");
      }
      const path = pathNode !== undefined && isScalar(pathNode) ? pathNode.value : undefined;
      if (typeof path !== "string" || path === "") this.fail("a mountpath needs a non-empty 'path'", pathNode ?? e);
      if (seen.has(path)) this.fail(`duplicate mountpath '${path}' in target '${id}'`, pathNode);
      seen.add(path);
      return { path, flags: mflags };
    });
    return { id, flags, mountpaths };
  }

  private proxy(node: YamlNode | null, id: string): { id: string; flags: ProxyFlag[] } {
    const m = node !== null && isMap(node) ? node : null;
    if (m) this.checkKeys(m, ["id", "flags"], "proxy");
    return { id, flags: this.flags(m, PROXY_FLAGS, "proxy") };
  }

  private buckets(node: YamlNode | undefined): BucketSpec[] {
    if (node === undefined) return [];
    if (!isSeq(node)) this.fail("'buckets' must be a list such as [{ name: ais://data, objects: 1000, size: 1MiB }]", node);
    return node.items.map((x) => {
      const e = x as YamlNode;
      if (!isMap(e)) this.fail("a bucket must be a mapping such as { name: ais://data, objects: 1000, size: 1MiB }", e);
      const nameNode = e.get("name", true) as YamlNode | undefined;
      const name = nameNode !== undefined && isScalar(nameNode) ? nameNode.value : undefined;
      if (typeof name !== "string") this.fail("a bucket needs a 'name' such as ais://data", nameNode ?? e);
      const pos = this.lines.linePos(nameNode!.range![0]);
      const bucket = parseBucketRef(name, { file: this.file, line: pos.line }, pos.col);
      const objectsNode = e.get("objects", true) as YamlNode | undefined;
      const objects = objectsNode !== undefined && isScalar(objectsNode) ? objectsNode.value : 0;
      if (typeof objects !== "number" || !Number.isSafeInteger(objects) || objects < 0) this.fail("bucket 'objects' must be a non-negative integer", objectsNode ?? e);
      const sizeNode = e.get("size", true) as YamlNode | undefined;
      const sizeBytes = sizeNode === undefined ? 0 : this.size(sizeNode);
      const templateNode = e.get("template", true) as YamlNode | undefined;
      const template = templateNode !== undefined && isScalar(templateNode) ? String(templateNode.value) : DEFAULT_TEMPLATE;
      try {
        parseTemplate(template);
      } catch (err) {
        this.fail((err as Error).message, templateNode ?? e);
      }
      return { name, bucket, objects, sizeBytes, template };
    });
  }

  private size(node: YamlNode): number {
    const v = isScalar(node) ? node.value : undefined;
    if (typeof v === "number" && Number.isSafeInteger(v) && v >= 0) return v;
    const m = typeof v === "string" ? /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(v.trim()) : null;
    const factor = m ? BYTES_PER_UNIT[m[2]] : undefined;
    if (!m || factor === undefined) this.fail(`malformed size '${String(v)}' (expected e.g. 1MiB, 4KB, 512B or bytes)`, node);
    return Math.round(Number(m[1]) * factor);
  }
}

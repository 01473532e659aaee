import { compareUtf8, halves, nodeDigest } from "./digest.js";

/** Flags that take a target out of HRW. */
export type TargetFlag = "maintenance" | "decommission";
/** Proxy flags that matter for the election. */
export type ProxyFlag = "nonElectable" | "maintenance";
/** Mountpath flags: "waiting for disable/detach" takes it out of HRW. */
export type MountpathFlag = "waitingDD";

/** A mountpath of a target. */
export interface Mountpath {
  readonly path: string;
  readonly flags: readonly MountpathFlag[];
}

/** A storage target as the map lists it. */
export interface TargetNode {
  readonly id: string;
  readonly flags: readonly TargetFlag[];
  readonly mountpaths: readonly Mountpath[];
}

/** A gateway (proxy) as the map lists it. */
export interface ProxyNode {
  readonly id: string;
  readonly flags: readonly ProxyFlag[];
}

/** What `Smap.create` takes; flags and mountpaths default to none. */
export interface SmapInit {
  readonly targets: readonly { id: string; flags?: readonly TargetFlag[]; mountpaths?: readonly (string | { path: string; flags?: readonly MountpathFlag[] })[] }[];
  readonly proxies?: readonly { id: string; flags?: readonly ProxyFlag[] }[];
  /** Primary proxy ID; default: the first proxy listed. */
  readonly primary?: string;
  /** Version of the first snapshot; default 1. */
  readonly version?: number;
}

/** A node digest with its halves, computed once per ID. */
export interface NodeKey {
  readonly id: string;
  readonly digest: bigint;
  readonly lo: number;
  readonly hi: number;
}

const keyCache = new Map<string, NodeKey>();

/** The digest of a node ID or mountpath path, memoized (IDs are few and reused across map versions). */
export function nodeKey(id: string): NodeKey {
  let key = keyCache.get(id);
  if (key === undefined) {
    const digest = nodeDigest(id);
    const [lo, hi] = halves(digest);
    key = { id, digest, lo, hi };
    keyCache.set(id, key);
  }
  return key;
}

/** Whether a target takes part in HRW (no maintenance or decommission flag). */
export function isActiveTarget(t: TargetNode): boolean {
  return t.flags.length === 0 || !(t.flags.includes("maintenance") || t.flags.includes("decommission"));
}

function freezeTarget(t: SmapInit["targets"][number]): TargetNode {
  const mountpaths = (t.mountpaths ?? []).map((m) => (typeof m === "string" ? { path: m, flags: [] } : { path: m.path, flags: [...(m.flags ?? [])] }));
  return Object.freeze({ id: t.id, flags: Object.freeze([...(t.flags ?? [])]), mountpaths: Object.freeze(mountpaths.map((m) => Object.freeze(m))) });
}

/**
 * The cluster map: an immutable snapshot of targets and proxies with a version. Every `with…` method returns a
 * new snapshot with the version bumped by one (as the primary does per change), so a component can hold the
 * snapshot it last received while others move on. Targets and proxies keep the order they were added in; the
 * tie rule of every HRW choice is the bytewise (UTF-8) order of IDs.
 */
export class Smap {
  readonly version: number;
  readonly targets: readonly TargetNode[];
  readonly proxies: readonly ProxyNode[];
  /** Primary proxy ID ("" when the map has no proxy). */
  readonly primary: string;
  private activeCache: readonly TargetNode[] | undefined;

  private constructor(version: number, targets: readonly TargetNode[], proxies: readonly ProxyNode[], primary: string) {
    this.version = version;
    this.targets = Object.freeze(targets);
    this.proxies = Object.freeze(proxies);
    this.primary = primary;
    const seen = new Set<string>();
    for (const n of [...targets, ...proxies]) {
      if (n.id === "") throw new Error("node ID must not be empty");
      if (seen.has(n.id)) throw new Error(`duplicate node ID '${n.id}'`);
      seen.add(n.id);
    }
    if (primary !== "" && !proxies.some((p) => p.id === primary)) throw new Error(`primary '${primary}' is not a proxy of the map`);
  }

  /** A first snapshot (version 1 unless given). */
  static create(init: SmapInit): Smap {
    const proxies = (init.proxies ?? []).map((p) => Object.freeze({ id: p.id, flags: Object.freeze([...(p.flags ?? [])]) }));
    return new Smap(init.version ?? 1, init.targets.map(freezeTarget), proxies, init.primary ?? proxies[0]?.id ?? "");
  }

  /** The target with that ID, or undefined. */
  target(id: string): TargetNode | undefined {
    return this.targets.find((t) => t.id === id);
  }

  /** The proxy with that ID, or undefined. */
  proxy(id: string): ProxyNode | undefined {
    return this.proxies.find((p) => p.id === id);
  }

  /** Targets HRW may choose (no maintenance/decommission), in tie-rule order (IDs bytewise ascending). */
  get activeTargets(): readonly TargetNode[] {
    this.activeCache ??= Object.freeze(this.targets.filter(isActiveTarget).sort((a, b) => compareUtf8(a.id, b.id)));
    return this.activeCache;
  }

  /** A new version with a target added. */
  withTarget(target: SmapInit["targets"][number]): Smap {
    return new Smap(this.version + 1, [...this.targets, freezeTarget(target)], this.proxies, this.primary);
  }

  /** A new version without the target(s) (one version bump for the whole batch, as a keepalive removal does). */
  withoutTargets(ids: readonly string[]): Smap {
    for (const id of ids) if (!this.target(id)) throw new Error(`no target '${id}' in the map`);
    return new Smap(this.version + 1, this.targets.filter((t) => !ids.includes(t.id)), this.proxies, this.primary);
  }

  /** A new version with a target's flags replaced (maintenance, decommission, or none). */
  withTargetFlags(id: string, flags: readonly TargetFlag[]): Smap {
    if (!this.target(id)) throw new Error(`no target '${id}' in the map`);
    return new Smap(this.version + 1, this.targets.map((t) => (t.id === id ? freezeTarget({ ...t, flags }) : t)), this.proxies, this.primary);
  }

  /** A new version with a target's mountpaths replaced (attach, detach, waitingDD flags). */
  withMountpaths(id: string, mountpaths: SmapInit["targets"][number]["mountpaths"]): Smap {
    if (!this.target(id)) throw new Error(`no target '${id}' in the map`);
    return new Smap(this.version + 1, this.targets.map((t) => (t.id === id ? freezeTarget({ ...t, mountpaths }) : t)), this.proxies, this.primary);
  }

  /** A new version with a proxy added. */
  withProxy(proxy: { id: string; flags?: readonly ProxyFlag[] }): Smap {
    const p = Object.freeze({ id: proxy.id, flags: Object.freeze([...(proxy.flags ?? [])]) });
    return new Smap(this.version + 1, this.targets, [...this.proxies, p], this.primary === "" ? p.id : this.primary);
  }

  /** A new version without the proxies; removing the primary leaves the map without one until `withPrimary`. */
  withoutProxies(ids: readonly string[]): Smap {
    for (const id of ids) if (!this.proxy(id)) throw new Error(`no proxy '${id}' in the map`);
    const primary = ids.includes(this.primary) ? "" : this.primary;
    return new Smap(this.version + 1, this.targets, this.proxies.filter((p) => !ids.includes(p.id)), primary);
  }

  /** A new version with a proxy's flags replaced. */
  withProxyFlags(id: string, flags: readonly ProxyFlag[]): Smap {
    if (!this.proxy(id)) throw new Error(`no proxy '${id}' in the map`);
    return new Smap(this.version + 1, this.targets, this.proxies.map((p) => (p.id === id ? Object.freeze({ id, flags: Object.freeze([...flags]) }) : p)), this.primary);
  }

  /** A new version naming another primary (what an election installs). */
  withPrimary(id: string): Smap {
    return new Smap(this.version + 1, this.targets, this.proxies, id);
  }
}

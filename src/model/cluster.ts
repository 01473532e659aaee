/**
 * The cluster vocabulary, written once: what a `models/*.yaml` file resolves to and what `simulate()` builds a
 * cluster from. Plain JSON-able data (no Maps, no classes), so it can be hashed and written to a manifest.
 * Units are in the field names: `…Ns` integer nanoseconds (virtual time), `…Bytes` integer bytes, `…PerS` events
 * per second, `…BytesPerS` bytes per second. Node IDs are always explicit (`t1`…, `p1`…).
 */

/** Cloud/provider of a bucket, normalized as in AIStore unames. */
export type BucketProvider = "ais" | "aws" | "gcp" | "azure" | "oci";

/** Disk technology of a mountpath; bandwidth, latency and concurrency default by kind (defaults.ts). */
export type MountpathKind = "hdd" | "ssd" | "nvme";

/** Mountpaths (disks) of every target. */
export interface MountpathSpec {
  readonly perTarget: number;
  readonly kind: MountpathKind;
  /** Mountpath paths, the same on every target (they seed HRW inside a target); `/ais/mp1`… by default. */
  readonly paths: readonly string[];
  /** Sequential read bandwidth of one mountpath. */
  readonly bandwidthBytesPerS: number;
  /** Sequential write bandwidth of one mountpath. */
  readonly writeBandwidthBytesPerS: number;
  /** Fixed service latency of one I/O (seek / flash access). */
  readonly latencyNs: number;
  /** I/Os a mountpath serves in parallel. */
  readonly concurrency: number;
}

/** Cluster network: one NIC per node, a uniform round-trip time between nodes (and clients). */
export interface NetworkSpec {
  readonly nicBytesPerS: number;
  readonly rttNs: number;
}

/** Client hosts: the machines the workload's clients run on (shared retry state is per host). */
export interface ClientHostsSpec {
  readonly hosts: number;
  readonly nicBytesPerS: number;
}

/** A remote backend (S3, GCS…) behind a bucket: request-rate limits and latency. */
export interface BackendSpec {
  readonly getPerS: number;
  readonly putPerS: number;
  readonly latencyNs: number;
  /** Backend bandwidth available to the whole cluster. */
  readonly bandwidthBytesPerS: number;
}

/** A bucket and its object population. */
export interface BucketSpec {
  /** URL form as written, e.g. `ais://data`, `s3://remote`, `ais://@uuid#ns/data`. */
  readonly name: string;
  readonly provider: BucketProvider;
  /** Namespace: both empty for the global namespace (uname `@#`). */
  readonly namespace: { readonly uuid: string; readonly name: string };
  /** The bare bucket name (`data`). */
  readonly bucket: string;
  readonly objects: number;
  readonly objectSizeBytes: number;
  /** Object names: one decimal counter, `obj-%08d` → obj-00000000… (as `aisim place` generates them). */
  readonly template: string;
  /** Present for remote buckets (provider ≠ ais) and for ais buckets given a backend. */
  readonly backend?: BackendSpec;
  /**
   * Fraction of the population already in the cluster at t=0 (default 1 for plain ais buckets, 0 for buckets
   * with a backend: their first GET is a cold GET). Set by code and tests; model files do not have it.
   */
  readonly cachedFraction?: number;
}

/** AIStore configuration knobs, AIStore's defaults (defaults.ts) where the model does not say. */
export interface AisConfig {
  readonly keepalive: {
    /** keepalivetracker interval (10 s). */
    readonly intervalNs: number;
    /** First health-check timeout (control-plane timeout, 2 s). */
    readonly timeoutNs: number;
    /** Timeout of the later health checks (max_keepalive, 5 s). */
    readonly maxTimeoutNs: number;
    /** Gap between the later health checks (6 s). */
    readonly retryIntervalNs: number;
    /** Failed later checks before the node is removed from the Smap (3). */
    readonly failures: number;
  };
  readonly timeouts: {
    /** Control-plane operation (2 s). */
    readonly cplaneOperationNs: number;
    /** Metasync push (5 s). */
    readonly metasyncNs: number;
    /** Remote cold-GET lock conflict before 409 (5 s). */
    readonly coldGetConflictNs: number;
    /** Sending one object between targets (5 min). */
    readonly sendFileNs: number;
    /** Remote-bucket read-timeout lock poll (180 s). */
    readonly lockPollNs: number;
  };
  readonly metasync: {
    /** Quick retries of a refused push (4), then retried every retryInterval. */
    readonly retries: number;
    readonly retryIntervalNs: number;
  };
  readonly gfn: {
    /** Timed get-from-neighbor window when a target joins (90 s). */
    readonly timedNs: number;
    /** HEAD to peers / broadcast HEAD timeout (5 s). */
    readonly headTimeoutNs: number;
    /** GET from neighbor timeout (1 min). */
    readonly getTimeoutNs: number;
  };
  readonly rebalance: {
    readonly enabled: boolean;
    /** dest_retry_time (2 min). */
    readonly destRetryTimeNs: number;
    /** quiescent (10 s). */
    readonly quiescentNs: number;
    /** Streams per peer (2). */
    readonly bundleMultiplier: number;
    readonly compression: "never" | "always";
  };
  readonly ec: {
    readonly enabled: boolean;
    readonly data: number;
    readonly parity: number;
    /** Objects below this are stored as parity+1 full replicas (256 KiB). */
    readonly objSizeLimitBytes: number;
  };
  readonly mirror: {
    readonly enabled: boolean;
    readonly copies: number;
  };
  /**
   * Cluster feature flags (cmn/feat/feat.go), off unless listed. Modelled: `LoadBalanceGET` — a GET of an n-way
   * mirrored object reads the copy on the least-utilised mountpath instead of the main one.
   */
  readonly features: readonly ClusterFeature[];
}

/** The cluster feature flags the model knows. */
export type ClusterFeature = "LoadBalanceGET";

/** The rebalance knobs of an AIStore config. */
export type RebalanceConfig = AisConfig["rebalance"];

/** A resolved cluster: a `models/*.yaml` file after defaults, or one built in code (src/sim/cluster-builder.ts). */
export interface ClusterSpec {
  readonly name: string;
  readonly description?: string;
  /** Proxy IDs (`p1`… when given as a count). The first is the initial primary. */
  readonly proxies: readonly string[];
  /** Target IDs (`t1`… when given as a count). */
  readonly targets: readonly string[];
  /** Targets outside the cluster map at t=0 (a `join` fault brings one in); absent: none. */
  readonly standby?: readonly string[];
  readonly mountpaths: MountpathSpec;
  readonly network: NetworkSpec;
  readonly clients: ClientHostsSpec;
  readonly buckets: readonly BucketSpec[];
  /** AIStore's own configuration (the model file's `config:` block). */
  readonly config: AisConfig;
}

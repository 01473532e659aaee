import type { RemoteBackend } from "../resources/index.js";
import type { ObjectStore } from "../object-store.js";

/**
 * A bucket as the data path sees it at run time: its objects' copies and, for a remote bucket, the backend behind
 * it. Shared by the data path, the cold-GET protocol and data movement, so it lives apart from all of them.
 */
export interface BucketRuntime {
  readonly index: number;
  readonly name: string;
  /** S3-style prefix the backend limits requests by. */
  readonly prefix: string;
  readonly store: ObjectStore;
  readonly backend: RemoteBackend | null;
  /** Network node of the backend (-1: none). */
  readonly backendNet: number;
}

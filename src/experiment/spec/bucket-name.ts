import type { BucketProvider } from "../../model/cluster.js";

/** A bucket named in URL form, split into its parts. */
export interface BucketName {
  readonly provider: BucketProvider;
  readonly namespace: { readonly uuid: string; readonly name: string };
  readonly bucket: string;
}

/** URL schemes and the AIStore provider each stands for. */
const SCHEMES: Readonly<Record<string, BucketProvider>> = {
  ais: "ais",
  s3: "aws",
  aws: "aws",
  gs: "gcp",
  gcp: "gcp",
  az: "azure",
  azure: "azure",
  oc: "oci",
  oci: "oci",
};

/** Parses `ais://data`, `s3://remote`, `ais://@uuid#ns/data`, `ais://#ns/data` (local namespace); undefined when malformed. */
export function parseBucketName(url: string): BucketName | undefined {
  const m = /^([a-z0-9]+):\/\/(?:(@[A-Za-z0-9_-]*)?(#[A-Za-z0-9_.-]*)?\/)?([A-Za-z0-9_.-]+)\/?$/.exec(url);
  if (!m) return undefined;
  const provider = SCHEMES[m[1]];
  if (!provider) return undefined;
  const [uuid, name] = [m[2], m[3]];
  // A bare "/" before the bucket name ("ais:///b") is no namespace at all.
  if (uuid === undefined && name === undefined && url.slice(m[1].length + 3).startsWith("/")) return undefined;
  return { provider, namespace: { uuid: uuid?.slice(1) ?? "", name: name?.slice(1) ?? "" }, bucket: m[4] };
}

/** What a bucket name must look like, for error messages. */
export const BUCKET_NAME_EXPECTED = "a bucket in URL form such as ais://data, s3://remote or ais://@uuid#ns/data (schemes ais, s3, gs, az, oc)";

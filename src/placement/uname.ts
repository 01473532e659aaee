import { InputError } from "../util/input-error.js";

/** AIStore's normalized bucket providers. */
export type Provider = "ais" | "aws" | "gcp" | "azure" | "oci";

/** A bucket namespace; both empty is the global namespace. */
export interface Namespace {
  readonly uuid: string;
  readonly name: string;
}

/** An object name split into its parts, with its uname (the string whose digest places it). */
export interface ObjectName {
  readonly provider: Provider;
  readonly namespace: Namespace;
  readonly bucket: string;
  readonly object: string;
  readonly uname: string;
}

/** A bucket named by provider, namespace and name. */
export interface BucketRef {
  readonly provider: Provider;
  readonly namespace: Namespace;
  readonly bucket: string;
}

/** The global namespace. */
export const GLOBAL_NAMESPACE: Namespace = { uuid: "", name: "" };

const PROVIDERS: readonly Provider[] = ["ais", "aws", "gcp", "azure", "oci"];

/** URL schemes and the provider each means (the provider names themselves are accepted too). */
const SCHEMES: Readonly<Record<string, Provider>> = {
  ais: "ais", s3: "aws", aws: "aws", gs: "gcp", gcp: "gcp", az: "azure", azure: "azure", oc: "oci", oci: "oci",
};

/** Bucket names as AIStore accepts them: letters, digits, '.', '_', '-'. */
const BUCKET_NAME = /^[A-Za-z0-9._-]+$/;

/** Where a line came from, for error positions. */
export interface LineSource {
  readonly file?: string;
  readonly line?: number;
}

/** The namespace part of a uname: `@#` for the global namespace, else `@uuid#name`. */
export function nsUname(ns: Namespace): string {
  return `@${ns.uuid}#${ns.name}`;
}

/** AIStore's uname: provider/nsUname/bucket/object. */
export function uname(provider: Provider, ns: Namespace, bucket: string, object: string): string {
  return `${provider}/${nsUname(ns)}/${bucket}/${object}`;
}

/** The provider a URL scheme or provider name stands for, or undefined. */
export function providerOf(scheme: string): Provider | undefined {
  return Object.hasOwn(SCHEMES, scheme) ? SCHEMES[scheme] : undefined;
}

function fail(message: string, src: LineSource, column: number): never {
  throw new InputError(message, { file: src.file, line: src.line, column });
}

/** Parses `@uuid#name`, `@uuid` or `#name` (column `col` for errors). */
function parseNamespace(text: string, src: LineSource, col: number): Namespace {
  const m = /^(?:@([^#]*))?(?:#(.*))?$/.exec(text);
  if (!m || text === "") fail(`malformed namespace '${text}' (expected @uuid#name)`, src, col);
  return { uuid: m[1] ?? "", name: m[2] ?? "" };
}

/** Splits `[ns/]bucket[/object]` after a provider; `needObject` demands a non-empty object name. */
function parseRest(rest: string, restCol: number, src: LineSource, nsRequired: boolean, needObject: boolean, text: string): { ns: Namespace; bucket: string; object: string } {
  let ns = GLOBAL_NAMESPACE;
  let at = 0;
  if (nsRequired || rest.startsWith("@") || rest.startsWith("#")) {
    const hash = rest.indexOf("#");
    const slash = rest.indexOf("/", hash < 0 ? 0 : hash);
    if (!rest.startsWith("@") || hash < 0 || slash < 0) {
      if (nsRequired) fail(`malformed uname '${text}' (expected provider/@uuid#ns/bucket/object, e.g. ais/@#/bucket/obj)`, src, restCol);
    }
    if (slash < 0) fail(`malformed object name '${text}': no bucket after the namespace`, src, restCol);
    ns = parseNamespace(rest.slice(0, slash), src, restCol);
    at = slash + 1;
  }
  const slash = rest.indexOf("/", at);
  const bucket = slash < 0 ? rest.slice(at) : rest.slice(at, slash);
  const object = slash < 0 ? "" : rest.slice(slash + 1);
  // A uname is hashed exactly as given, so only URL forms have their bucket name checked.
  if (!nsRequired && !BUCKET_NAME.test(bucket)) fail(`malformed bucket name '${bucket}' in '${text}' (letters, digits, '.', '_', '-')`, src, restCol + at);
  if (needObject && object === "") fail(`missing object name in '${text}' (expected bucket/object)`, src, restCol + at + bucket.length);
  return { ns, bucket, object };
}

/**
 * Parses one object: a uname (`ais/@#/bucket/obj`, `aws/@uuid#ns/bucket/obj`) or a URL (`ais://bucket/obj`,
 * `s3://`, `gs://`, `az://`, `oc://`, namespaced `ais://@uuid#ns/bucket/obj`). A uname keeps its exact text (its
 * digest is of the whole string); its split is best effort: the first '/' after '#' ends the namespace and the next
 * one the bucket. URL forms must name a valid bucket. Throws InputError with the column of the fault.
 */
export function parseObjectName(text: string, src: LineSource = {}): ObjectName {
  const url = /^([A-Za-z0-9]+):\/\//.exec(text);
  if (url) {
    const provider = providerOf(url[1].toLowerCase());
    if (!provider) fail(`unknown provider '${url[1]}' in '${text}' (expected ${Object.keys(SCHEMES).join(", ")})`, src, 1);
    const { ns, bucket, object } = parseRest(text.slice(url[0].length), url[0].length + 1, src, false, true, text);
    return { provider, namespace: ns, bucket, object, uname: uname(provider, ns, bucket, object) };
  }
  const slash = text.indexOf("/");
  if (slash <= 0) fail(`malformed object name '${text}' (expected a uname such as ais/@#/bucket/obj or a URL such as ais://bucket/obj)`, src, 1);
  const head = text.slice(0, slash);
  if (!(PROVIDERS as readonly string[]).includes(head)) fail(`unknown provider '${head}' in '${text}' (a uname starts with ${PROVIDERS.join(", ")})`, src, 1);
  const provider = head as Provider;
  const { ns, bucket, object } = parseRest(text.slice(slash + 1), slash + 2, src, true, true, text);
  return { provider, namespace: ns, bucket, object, uname: uname(provider, ns, bucket, object) };
}

/** Parses a bucket in URL form (`ais://data`, `s3://remote`, `ais://@uuid#ns/data`); throws InputError. */
export function parseBucketRef(text: string, src: LineSource = {}, column = 1): BucketRef {
  const url = /^([A-Za-z0-9]+):\/\//.exec(text);
  if (!url) fail(`malformed bucket '${text}' (expected a URL such as ais://data or s3://remote)`, src, column);
  const provider = providerOf(url[1].toLowerCase());
  if (!provider) fail(`unknown provider '${url[1]}' in bucket '${text}' (expected ${Object.keys(SCHEMES).join(", ")})`, src, column);
  const rest = text.slice(url[0].length).replace(/\/$/, "");
  const { ns, bucket, object } = parseRest(rest, column + url[0].length, src, false, false, text);
  if (object !== "") fail(`bucket '${text}' names an object`, src, column);
  return { provider, namespace: ns, bucket };
}

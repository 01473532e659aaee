import { readFileSync } from "node:fs";
import { stringify } from "csv-stringify/sync";
import type { CommandModule } from "yargs";
import { readClusterFile, type ClusterFile } from "../placement/cluster-file.js";
import { objectDigest } from "../placement/digest.js";
import { mountpathFor, ownerTarget, rankedTargets } from "../placement/hrw.js";
import type { Movement } from "../placement/movement.js";
import { objectListMovement, parseObjectList, type ListedObject } from "../placement/object-list.js";
import { bucketMovement, bucketShares } from "../placement/population-summary.js";
import { formatName, parseTemplate } from "../placement/name-pattern.js";
import { uname } from "../placement/uname.js";
import { InputError } from "../util/input-error.js";

interface PlaceArgs {
  cluster: string;
  objects?: string;
  ranked?: number;
  against?: string;
  format: "csv" | "json";
  summary?: boolean;
}

/** Bucket populations up to this many objects in all are listed per object unless --summary says otherwise. */
const PER_OBJECT_LIMIT = 1000;

function write(text: string): void {
  process.stdout.write(text);
}

function readObjects(source: string): ListedObject[] {
  const file = source === "-" ? "<stdin>" : source;
  let text: string;
  try {
    text = readFileSync(source === "-" ? 0 : source, "utf8");
  } catch (e) {
    throw new InputError(`cannot read object list: ${(e as Error).message}`, { file });
  }
  return parseObjectList(text, file);
}

function requireActive(c: ClusterFile): void {
  if (c.smap.activeTargets.length === 0) throw new InputError("no active target (every target is in maintenance or decommission)", { file: c.file });
}

/** Object names generated from a model's buckets, as listed objects (for small populations). */
function bucketObjects(c: ClusterFile): ListedObject[] {
  return c.buckets.flatMap((b) => {
    const template = parseTemplate(b.template);
    const { provider, namespace, bucket } = b.bucket;
    return Array.from({ length: b.objects }, (_, i) => {
      const object = formatName(template, i);
      return { provider, namespace, bucket, object, uname: uname(provider, namespace, bucket, object), text: `${b.name.replace(/\/$/, "")}/${object}`, sizeBytes: b.sizeBytes };
    });
  });
}

function printPlacement(c: ClusterFile, objects: readonly ListedObject[], ranked: number | undefined, format: "csv" | "json"): void {
  const active = c.smap.activeTargets.length;
  if (ranked !== undefined && ranked > active) {
    throw new InputError(`--ranked ${ranked} needs ${ranked} active targets; the map has ${active}`, { file: c.file });
  }
  const rows = objects.map((o) => {
    const digest = objectDigest(o.uname);
    const owner = ownerTarget(c.smap, digest)!;
    const row: Record<string, string | string[]> = { object: o.text, uname: o.uname, target: owner.id, mountpath: mountpathFor(owner, digest)?.path ?? "" };
    if (ranked !== undefined) row.ranked = rankedTargets(c.smap, digest, ranked).map((t) => t.id);
    return row;
  });
  if (format === "json") {
    write(JSON.stringify({ version: c.smap.version, objects: rows }) + "\n");
    return;
  }
  const columns = ["object", "uname", "target", "mountpath", ...(ranked !== undefined ? ["ranked"] : [])];
  write(stringify(rows.map((r) => columns.map((k) => (Array.isArray(r[k]) ? (r[k] as string[]).join(" ") : r[k]))), { header: true, columns }));
}

function printMovement(m: Movement, bytesKnown: boolean, format: "csv" | "json"): void {
  if (format === "json") {
    write(JSON.stringify({ movement: { ...m, bytesKnown } }) + "\n");
    return;
  }
  const columns = ["target", "objects_leaving", "objects_arriving", "bytes_leaving", "bytes_arriving", "moved_fraction"];
  const bytes = (n: number): string => (bytesKnown ? String(n) : "");
  const rows = m.perTarget.map((t) => [t.id, t.objectsLeaving, t.objectsArriving, bytes(t.bytesLeaving), bytes(t.bytesArriving), ""]);
  rows.push(["total", m.objectsMoved, m.objectsMoved, bytes(m.bytesMoved), bytes(m.bytesMoved), m.movedFraction.toFixed(6)]);
  write(stringify(rows, { header: true, columns }));
}

/**
 * `aisim place --cluster FILE [--objects FILE|-] [--ranked N] [--against FILE] [--format csv|json]`: where objects
 * live under AIStore's HRW, or (with --against) what a change of cluster map would move.
 */
export const placeCommand: CommandModule<object, PlaceArgs> = {
  command: "place",
  describe: "show where objects are placed (AIStore HRW), or what a map change would move",
  builder: (y) =>
    y
      .option("cluster", { type: "string", demandOption: true, describe: "cluster model (YAML) or JSON map {targets:[…], proxies:[…]}" })
      .option("objects", { type: "string", requiresArg: true, describe: "object list, one uname or URL per line (optional TAB + size in bytes); - reads stdin" })
      .option("ranked", { type: "number", describe: "also list the first N targets by weight (the EC list)" })
      .option("against", { type: "string", describe: "second cluster file: per target the objects/bytes that would leave and arrive, and the moved fraction (object lists: bytes only when every line has a size column, else counts only)" })
      .option("format", { choices: ["csv", "json"] as const, default: "csv" as const, describe: "output format" })
      .option("summary", { type: "boolean", describe: `bucket populations: per-target totals (default when more than ${PER_OBJECT_LIMIT} objects)` })
      .check((a) => {
        if (a.ranked !== undefined && (!Number.isInteger(a.ranked) || a.ranked < 1)) throw new InputError(`--ranked must be a positive integer, got ${String(a.ranked)}`);
        return true;
      }),
  handler: (args) => {
    const cluster = readClusterFile(args.cluster);
    requireActive(cluster);
    const against = args.against === undefined ? undefined : readClusterFile(args.against);
    if (against) requireActive(against);
    const listed = args.objects !== undefined ? readObjects(args.objects) : undefined;
    if (listed === undefined && cluster.buckets.length === 0) {
      throw new InputError("no objects to place: give --objects FILE (or -) or a model with buckets", { file: cluster.file });
    }

    if (against) {
      if (args.ranked !== undefined) throw new InputError("--ranked does not combine with --against");
      if (listed) printMovement(objectListMovement(cluster.smap, against.smap, listed), listed.length > 0 && listed.every((o) => o.sizeBytes !== undefined), args.format);
      else printMovement(bucketMovement(cluster.smap, against.smap, cluster.buckets), true, args.format);
      return;
    }
    if (listed) {
      printPlacement(cluster, listed, args.ranked, args.format);
      return;
    }
    const total = cluster.buckets.reduce((n, b) => n + b.objects, 0);
    if (!(args.summary ?? total > PER_OBJECT_LIMIT)) {
      printPlacement(cluster, bucketObjects(cluster), args.ranked, args.format);
      return;
    }
    if (args.ranked !== undefined) throw new InputError("--ranked lists targets per object; use --objects or --no-summary");
    const shares = bucketShares(cluster.smap, cluster.buckets);
    if (args.format === "json") write(JSON.stringify({ version: cluster.smap.version, targets: shares }) + "\n");
    else write(stringify(shares.map((s) => [s.bucket, s.target, s.objects, s.bytes]), { header: true, columns: ["bucket", "target", "objects", "bytes"] }));
  },
};

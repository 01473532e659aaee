import { describe, expect, it } from "vitest";
import { objectDigest } from "../../src/placement/digest.js";
import { parseBucketRef, parseObjectName, uname } from "../../src/placement/uname.js";
import { InputError } from "../../src/util/input-error.js";

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (e) {
    if (e instanceof InputError) return e;
    throw e;
  }
  throw new Error("no error thrown");
}

describe("uname", () => {
  it("builds AIStore's uname and its documented digest", () => {
    expect(uname("ais", { uuid: "", name: "" }, "bck", "obj1")).toBe("ais/@#/bck/obj1");
    expect(objectDigest("ais/@#/bck/obj1")).toBe(11704070965024807482n);
    expect(uname("aws", { uuid: "u1", name: "ns" }, "b", "a/b")).toBe("aws/@u1#ns/b/a/b");
  });

  it("maps URL schemes to providers and namespaces to @uuid#name", () => {
    const cases: [string, string][] = [
      ["ais://b/o", "ais/@#/b/o"],
      ["s3://b/dir/o.txt", "aws/@#/b/dir/o.txt"],
      ["gs://b/o", "gcp/@#/b/o"],
      ["az://b/o", "azure/@#/b/o"],
      ["oc://b/o", "oci/@#/b/o"],
      ["ais://@uuid#ns/b/o", "ais/@uuid#ns/b/o"],
      ["ais://#ns/b/o", "ais/@#ns/b/o"],
      ["ais://@remote/b/o", "ais/@remote#/b/o"],
      ["ais/@#/b/o", "ais/@#/b/o"],
      ["gcp/@x#y/b/o/p", "gcp/@x#y/b/o/p"],
    ];
    for (const [text, expected] of cases) expect(parseObjectName(text).uname, text).toBe(expected);
    const p = parseObjectName("s3://@u#n/bkt/x/y");
    expect([p.provider, p.namespace, p.bucket, p.object]).toEqual(["aws", { uuid: "u", name: "n" }, "bkt", "x/y"]);
  });

  it("rejects malformed names with the column of the fault", () => {
    const src = { file: "objs.txt", line: 4 };
    expect(errorOf(() => parseObjectName("hdfs://b/o", src)).describe()).toMatch(/^objs\.txt:4:1: unknown provider 'hdfs'/);
    expect(errorOf(() => parseObjectName("s4/@#/b/o", src)).describe()).toMatch(/^objs\.txt:4:1: unknown provider 's4'/);
    expect(errorOf(() => parseObjectName("ais://b", src)).describe()).toMatch(/^objs\.txt:4:\d+: missing object name/);
    expect(errorOf(() => parseObjectName("ais://b/", src)).message).toMatch(/missing object name/);
    expect(errorOf(() => parseObjectName("ais:///o", src)).message).toMatch(/malformed bucket name ''/);
    expect(errorOf(() => parseObjectName("ais/b/o", src)).message).toMatch(/malformed uname/);
    expect(errorOf(() => parseObjectName("justaname", src)).message).toMatch(/malformed object name/);
    expect(errorOf(() => parseObjectName("ais://b!x/o", src)).describe()).toMatch(/^objs\.txt:4:7: malformed bucket name 'b!x'/);
  });

  it("parses bucket URLs", () => {
    expect(parseBucketRef("s3://remote")).toEqual({ provider: "aws", namespace: { uuid: "", name: "" }, bucket: "remote" });
    expect(parseBucketRef("ais://@u#n/data/")).toEqual({ provider: "ais", namespace: { uuid: "u", name: "n" }, bucket: "data" });
    expect(() => parseBucketRef("data")).toThrow(InputError);
    expect(() => parseBucketRef("ais://data/obj")).toThrow(/names an object/);
  });
});

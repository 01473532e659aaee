import { describe, expect, it } from "vitest";
import { parseBucketName } from "../../../src/experiment/spec/bucket-name.js";
import { didYouMean, editDistance, suggest } from "../../../src/experiment/spec/did-you-mean.js";

describe("did you mean", () => {
  it("counts a transposition as one edit", () => {
    expect(editDistance("popularity", "popluarity")).toBe(1);
    expect(editDistance("abc", "abc")).toBe(0);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("folds case and separators, and refuses far-off names", () => {
    expect(suggest("dest_retry_time", ["destRetryTime", "quiescent"])).toBe("destRetryTime");
    expect(suggest("get", ["GET", "PUT"])).toBe("GET");
    expect(suggest("zzz", ["name", "duration"])).toBeUndefined();
    expect(didYouMean("clientz", ["clients", "thinkTime"])).toBe(' (did you mean "clients"?)');
    expect(didYouMean("qqqqqq", ["clients"])).toBe("");
  });
});

describe("bucket names in URL form", () => {
  it("maps schemes to providers and parses namespaces", () => {
    expect(parseBucketName("ais://data")).toEqual({ provider: "ais", namespace: { uuid: "", name: "" }, bucket: "data" });
    expect(parseBucketName("s3://b")?.provider).toBe("aws");
    expect(parseBucketName("gs://b")?.provider).toBe("gcp");
    expect(parseBucketName("az://b")?.provider).toBe("azure");
    expect(parseBucketName("oc://b")?.provider).toBe("oci");
    expect(parseBucketName("ais://@uuid1#ns1/data")).toEqual({ provider: "ais", namespace: { uuid: "uuid1", name: "ns1" }, bucket: "data" });
    expect(parseBucketName("ais://#ns1/data")).toEqual({ provider: "ais", namespace: { uuid: "", name: "ns1" }, bucket: "data" });
    expect(parseBucketName("ais://@uuid1/data")).toEqual({ provider: "ais", namespace: { uuid: "uuid1", name: "" }, bucket: "data" });
  });

  it("refuses other forms", () => {
    for (const bad of ["data", "ftp://b", "ais://", "ais://a/b", "ais:/b", "AIS://b", "ais:///b"]) expect(parseBucketName(bad)).toBeUndefined();
  });
});

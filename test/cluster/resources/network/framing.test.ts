import { describe, expect, it } from "vitest";
import { payloadBytesPerS, tcpPayloadShare } from "../../../../src/cluster/resources/network/framing.js";

describe("NIC framing share", () => {
  it("is 1448 payload bytes per 1538 wire bytes at MTU 1500, and 8948 per 9038 with jumbo frames", () => {
    expect(tcpPayloadShare()).toBeCloseTo(1448 / 1538, 12);
    expect(tcpPayloadShare(9000)).toBeCloseTo(8948 / 9038, 12);
  });

  it("gives a 50 Gbit/s node the 47.0–47.2 Gbit/s AIStore's fast-tier runs measured per node", () => {
    const gbitPerS = (payloadBytesPerS(50e9 / 8) * 8) / 1e9;
    expect(gbitPerS).toBeGreaterThanOrEqual(47.0);
    expect(gbitPerS).toBeLessThanOrEqual(47.2);
  });

  it("gives 16 nodes of 100 Gbit/s the published 175 GiB/s (95% of line rate) within 1%", () => {
    const gibPerS = (16 * payloadBytesPerS(100e9 / 8)) / 2 ** 30;
    expect(Math.abs(gibPerS / 175 - 1)).toBeLessThan(0.01);
  });
});

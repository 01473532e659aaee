/*
 * What a NIC's line rate carries as payload. A model states NICs by line rate (50 Gbit/s, 100 Gbit/s); a TCP
 * stream over Ethernet delivers less, because every frame also carries headers and the wire adds a preamble and
 * an inter-frame gap. With the usual MTU of 1500 bytes and Linux's default TCP timestamps option, a frame carries
 * 1448 payload bytes and takes 1538 bytes of wire time:
 *   payload = MTU 1500 − IPv4 header 20 − TCP header 20 − timestamps option 12 = 1448
 *   wire    = MTU 1500 + Ethernet header 14 + FCS 4 + preamble and start delimiter 8 + inter-frame gap 12 = 1538
 * 1448 / 1538 = 0.9415. AIStore's published fast-tier runs measure each node at 47.0–47.2 Gbit/s of its 50
 * (0.940–0.944), and 16 nodes × 100 Gbit/s at 175 GiB/s (0.94) — the framing share, not a fitted factor.
 */

/** Bytes of IP and TCP headers in a segment with the timestamps option (RFC 7323), which Linux sends by default. */
const IP_TCP_HEADER_BYTES = 20 + 20 + 12;
/** Ethernet header, frame check sequence, preamble with start delimiter, and inter-frame gap. */
const ETHERNET_OVERHEAD_BYTES = 14 + 4 + 8 + 12;

/** The standard Ethernet MTU. */
const DEFAULT_MTU_BYTES = 1500;

/** The share of a NIC's line rate a TCP stream carries as payload at the given MTU (0.9415 at 1500). */
export function tcpPayloadShare(mtuBytes: number = DEFAULT_MTU_BYTES): number {
  return (mtuBytes - IP_TCP_HEADER_BYTES) / (mtuBytes + ETHERNET_OVERHEAD_BYTES);
}

/** A NIC's payload rate: its line rate times the framing share. */
export function payloadBytesPerS(lineRateBytesPerS: number, mtuBytes: number = DEFAULT_MTU_BYTES): number {
  return lineRateBytesPerS * tcpPayloadShare(mtuBytes);
}

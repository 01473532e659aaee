import { violation, type Violation } from "./violation.js";

/** Counters the bytes-conservation checker compares. */
export interface NetworkConservationFacts {
  transfersStarted: number;
  transfersCompleted: number;
  transfersAborted: number;
  transfersLive: number;
  /** Bytes counted at senders / receivers as transfers complete or abort (progress so far for aborts). */
  bytesSent: number;
  bytesReceived: number;
  /** The same totals summed over the per-node counters. */
  bytesSentByNodeSum: number;
  bytesReceivedByNodeSum: number;
}

/**
 * "Bytes sent = bytes received" for the network: the senders' total equals the receivers' total, the per-node
 * counters add up to the same totals, and every transfer started has completed, aborted or is still live.
 */
export function checkBytesConserved(facts: NetworkConservationFacts, seed: string | number): Violation[] {
  const name = "bytes-conserved";
  const out: Violation[] = [];
  if (facts.bytesSent !== facts.bytesReceived) {
    out.push(violation(name, `bytes sent (${facts.bytesSent}) != bytes received (${facts.bytesReceived})`, seed));
  }
  if (facts.bytesSentByNodeSum !== facts.bytesSent || facts.bytesReceivedByNodeSum !== facts.bytesReceived) {
    out.push(
      violation(
        name,
        `per-node counters (sent ${facts.bytesSentByNodeSum}, received ${facts.bytesReceivedByNodeSum}) ` +
          `disagree with the totals (sent ${facts.bytesSent}, received ${facts.bytesReceived})`,
        seed,
      ),
    );
  }
  const accounted = facts.transfersCompleted + facts.transfersAborted + facts.transfersLive;
  if (accounted !== facts.transfersStarted) {
    out.push(
      violation(
        name,
        `transfers started (${facts.transfersStarted}) != completed (${facts.transfersCompleted}) + aborted ` +
          `(${facts.transfersAborted}) + live (${facts.transfersLive})`,
        seed,
      ),
    );
  }
  return out;
}

/** Message-level conservation for the behaviour layer: what each sender says it sent vs what arrived. */
export function checkMessageBytes(sentBytes: number, receivedBytes: number, inFlightBytes: number, seed: string | number): Violation[] {
  if (sentBytes === receivedBytes + inFlightBytes) return [];
  return [violation("bytes-conserved", `sent ${sentBytes} != received ${receivedBytes} + in flight ${inFlightBytes}`, seed)];
}

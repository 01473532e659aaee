import { TRANSFER_OK, type Network, type TransferStatus } from "../../resources/index.js";

interface Pending {
  readonly bytes: number;
  readonly onDone: (status: TransferStatus) => void;
}

/**
 * The streams one target keeps to one peer for a rebalance: `bundle_multiplier` long-lived connections, each
 * sending one batch at a time; more batches queue behind them. Transfers share the NICs with every other flow
 * (client GETs and PUTs), so rebalance and clients slow each other down as on real hardware.
 */
export class StreamBundle {
  private active = 0;
  private readonly queue: Pending[] = [];
  private readonly live = new Set<number>();
  private closed = false;

  constructor(
    private readonly net: Network,
    private readonly fromNet: number,
    private readonly toNet: number,
    private readonly streams: number,
  ) {}

  /** Sends `bytes` on a free stream (or when one frees up); `onDone` hears TRANSFER_OK or an abort. */
  send(bytes: number, onDone: (status: TransferStatus) => void): void {
    if (this.closed) {
      onDone(1 as TransferStatus);
      return;
    }
    if (this.active < this.streams) this.start({ bytes, onDone });
    else this.queue.push({ bytes, onDone });
  }

  private start(p: Pending): void {
    this.active++;
    const delay = this.net.latencyNs(this.fromNet, this.toNet);
    let handle = -1;
    const done = (_: unknown, status: TransferStatus): void => {
      this.live.delete(handle);
      this.active--;
      if (!this.closed && this.queue.length > 0) this.start(this.queue.shift()!);
      p.onDone(status);
    };
    handle = this.net.transfer(this.fromNet, this.toNet, p.bytes, done, null, delay);
    this.live.add(handle);
  }

  /** Closes the streams: live transfers are dropped and queued batches never start (an abort). */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
    for (const h of [...this.live]) this.net.abort(h, false);
    this.live.clear();
  }
}

/** True for a transfer that delivered. */
export function delivered(status: TransferStatus): boolean {
  return status === TRANSFER_OK;
}

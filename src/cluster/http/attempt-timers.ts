import type { Label, Simulator } from "../../kernel/index.js";
import type { TransportError } from "../../retry/contract.js";
import { REACH_ACCEPTED_NO_RESPONSE, REACH_OK, REACH_REFUSED, type Network } from "../resources/index.js";
import type { TargetNode } from "../nodes.js";
import type { Attempt } from "./attempt.js";
import { HeaderWatch } from "./header-watch.js";

/**
 * The client's timers on its attempts: how a connection attempt ends when the server does not take it (refused
 * after a round trip, or the connect timeout), the header (read) timeout — the client's lazy header watch
 * (header-watch.ts) or a timer of the attempt's own — and the read-timeout watchdog of a body in transit. Apart
 * from the data path because they are the client's side of the exchange: the path's steps say what the servers
 * do, these say when the client stops waiting. An attempt holds at most one timer (`Attempt.timer`).
 */
export class AttemptTimers {
  // Pre-bound handlers: scheduled with the attempt as argument.
  private readonly onRefused = (a: Attempt): void => this.fail(a, "refused");
  private readonly onConnectTimeout = (a: Attempt): void => this.fail(a, "connect-timeout");
  private readonly onReadTimeout = (a: Attempt): void => this.timeoutRead(a);
  private readonly onBodyWatch = (a: Attempt): void => this.bodyWatch(a);
  private readonly onWatchTimeout = (a: Attempt): void => this.fail(a, "read-timeout");
  private readonly watches: Array<HeaderWatch<Attempt> | undefined> = [];
  /** Active hangs and partitions (maintained by the cluster through the data path). */
  private disruptions = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly net: Network,
    private readonly targets: readonly TargetNode[],
    /** Ends an attempt with a transport error (the data path's `fail`). */
    private readonly fail: (a: Attempt, error: TransportError) => void,
    /** The data path's event label (connect and header timers), and the body watchdogs' own. */
    private readonly label: Label,
    private readonly bodyWatchLabel: Label,
  ) {}

  /**
   * Opens a connection to `serverNet`: true when the server accepted (the read timer is armed), false when the
   * attempt will end with refused / connect-timeout / read-timeout (scheduled here).
   */
  connect(a: Attempt, serverNet: number, afterNs: number): boolean {
    const reach = this.net.reachability(a.hostNet, serverNet);
    const rttNs = this.net.rttNs(a.hostNet, serverNet);
    // A hung server accepts the connection: the request waits inside it (parked) and the header timer runs.
    if (reach === REACH_OK || reach === REACH_ACCEPTED_NO_RESPONSE) {
      // One header deadline per attempt, set at the first hop; a redirect moves it later. The client's header
      // watch times it (header-watch.ts), or a timer of the attempt's own when the watch is busy (hedges); a
      // timer that fires early re-arms itself for the rest.
      a.deadlineNs = this.sim.now + afterNs + rttNs + a.readTimeoutNs;
      // (Watching an attempt it already watches only takes the later deadline.)
      if (a.timer < 0 && (a.watch === null || !a.watch.watch(a))) {
        a.timer = this.sim.scheduleAt(a.deadlineNs, this.onReadTimeout, a, this.label);
      }
      return true;
    }
    this.clear(a);
    if (reach === REACH_REFUSED) {
      a.timer = this.sim.schedule(afterNs + rttNs, this.onRefused, a, this.label);
    } else {
      a.timer = this.sim.schedule(afterNs + a.connectTimeoutNs, this.onConnectTimeout, a, this.label);
    }
    return false;
  }

  /** The serving node hangs: make sure the header timer runs (it may have been cancelled by a body start). */
  stall(a: Attempt): void {
    if (!this.timed(a)) a.timer = this.sim.scheduleAt(Math.max(this.sim.now, a.deadlineNs), this.onReadTimeout, a, this.label);
  }

  /** The headers are out or the attempt ended: its header timer stops. */
  clear(a: Attempt): void {
    if (a.watch !== null) a.watch.release(a);
    if (a.timer >= 0) {
      this.sim.cancel(a.timer);
      a.timer = -1;
    }
  }

  /**
   * A body went into transit. Bodies stall only while a node hangs or a partition cuts a path, so read-timeout
   * watchdogs run only then: armed for bodies started during a disruption and, when one begins, for every body
   * in flight (`disruptionBegan`).
   */
  bodyStarted(a: Attempt): void {
    if (this.disruptions > 0) this.watchBody(a);
  }

  /** A hang or partition began: bodies in flight get read-timeout watchdogs. */
  disruptionBegan(): void {
    this.disruptions++;
    for (const tg of this.targets) for (const a of tg.inflight.toArray()) if (a.transfer >= 0) this.watchBody(a);
  }

  /** A hang or partition ended. */
  disruptionEnded(): void {
    this.disruptions = Math.max(0, this.disruptions - 1);
  }

  /** The header watch of metrics client `client` (made at its first attempt). */
  headerWatch(client: number): HeaderWatch<Attempt> {
    let w = this.watches[client];
    if (w === undefined) {
      for (let i = this.watches.length; i < client; i++) this.watches.push(undefined);
      w = new HeaderWatch<Attempt>(this.sim, this.label, this.onWatchTimeout);
      this.watches[client] = w;
    }
    return w;
  }

  private watchBody(a: Attempt): void {
    if (!this.timed(a)) a.timer = this.sim.schedule(a.readTimeoutNs, this.onBodyWatch, a, this.bodyWatchLabel);
  }

  private bodyWatch(a: Attempt): void {
    a.timer = -1;
    if (!a.live) return;
    // No bytes for a read timeout (approximated: the path is cut or the server hung when the watchdog looks).
    if (this.net.reachability(a.hostNet, this.targets[a.servingTarget].net) !== REACH_OK) {
      this.fail(a, "read-timeout");
      return;
    }
    a.timer = this.sim.schedule(a.readTimeoutNs, this.onBodyWatch, a, this.bodyWatchLabel);
  }

  private timeoutRead(a: Attempt): void {
    a.timer = -1;
    if (!a.live) return;
    if (this.sim.now < a.deadlineNs) {
      a.timer = this.sim.scheduleAt(a.deadlineNs, this.onReadTimeout, a, this.label);
      return;
    }
    this.fail(a, "read-timeout");
  }

  /** True while a timer of its own or its client's header watch runs for the attempt. */
  private timed(a: Attempt): boolean {
    return a.timer >= 0 || (a.watch !== null && a.watch.watches(a));
  }
}

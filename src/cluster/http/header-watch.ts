import type { EventId, Label, Simulator } from "../../kernel/index.js";

/** What the watch reads of an attempt: the deadline of its headers, which only moves later while watched. */
export interface HeaderDeadline {
  readonly deadlineNs: number;
}

/**
 * One client's header (read) timeouts as a single lazy kernel timer.
 *
 * A client sends its attempts one after another, and each header deadline (send + round trip + read timeout) is
 * later than the one before. A timer per attempt would be armed and then cancelled as the headers arrive a few
 * milliseconds later — two heap operations per attempt, and a heap holding as many dead timers as live events.
 * The watch instead keeps one timer pending at some earlier deadline; when it fires it looks at the attempt it
 * watches now and re-arms for that attempt's deadline, or times it out. A timeout still fires at exactly its
 * deadline; the timer fires early about once per read timeout per client.
 *
 * One attempt at a time: while the watch is busy, `watch` declines and the caller arms a timer of its own.
 */
export class HeaderWatch<A extends HeaderDeadline> {
  /** The attempt whose header deadline is watched (null: none). */
  attempt: A | null = null;
  private timer: EventId = -1;
  private timerAtNs = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly label: Label,
    /** Called with the watched attempt when its deadline has passed. */
    private readonly onTimeout: (a: A) => void,
  ) {}

  /**
   * Watches `a` until its `deadlineNs` (which only moves later while it is watched). False when the watch is busy
   * with another attempt.
   */
  watch(a: A): boolean {
    if (this.attempt !== null && this.attempt !== a) return false;
    this.attempt = a;
    const deadlineNs = a.deadlineNs;
    if (this.timer >= 0) {
      // A pending earlier firing re-arms for this deadline; a later one (a shorter round trip) must move up.
      if (this.timerAtNs <= deadlineNs) return true;
      this.sim.cancel(this.timer);
    }
    this.arm(deadlineNs);
    return true;
  }

  /** True while `a` is the watched attempt. */
  watches(a: A): boolean {
    return this.attempt === a;
  }

  /** Stops watching `a` (its headers arrived, or it ended); the pending timer stays for the next attempt. */
  release(a: A): void {
    if (this.attempt === a) this.attempt = null;
  }

  /** The timer fired: time out the watched attempt if its deadline has come, else wait for it. */
  fire(): void {
    this.timer = -1;
    const a = this.attempt;
    if (a === null) return;
    if (this.sim.now < a.deadlineNs) {
      this.arm(a.deadlineNs);
      return;
    }
    this.attempt = null;
    this.onTimeout(a);
  }

  private arm(atNs: number): void {
    this.timerAtNs = atNs;
    this.timer = this.sim.scheduleAt(atNs, fireWatch, this, this.label);
  }
}

function fireWatch<A extends HeaderDeadline>(w: HeaderWatch<A>): void {
  w.fire();
}

/**
 * Interned names → small integers, for outcome kinds ("ok", "404", "refused", "connect-timeout") and
 * operations ("GET", "PUT"). Hot paths pass the integers; reports resolve the names. Ids follow first use,
 * so intern every name up front (at model build time) to keep ids stable across variants.
 */
export class NameRegistry {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [];

  constructor(initial: readonly string[] = []) {
    for (const n of initial) this.intern(n);
  }

  /** The id of `name`, creating it on first use. */
  intern(name: string): number {
    const existing = this.ids.get(name);
    if (existing !== undefined) return existing;
    const id = this.names.length;
    this.ids.set(name, id);
    this.names.push(name);
    return id;
  }

  /** The id of `name`, or undefined if never interned. */
  find(name: string): number | undefined {
    return this.ids.get(name);
  }

  /** The name of an id. */
  name(id: number): string {
    const n = this.names[id];
    if (n === undefined) throw new RangeError(`unknown id ${id}`);
    return n;
  }

  /** Number of names. */
  get size(): number {
    return this.names.length;
  }

  /** All names, by id. */
  all(): readonly string[] {
    return this.names;
  }
}

/** The outcome kind of a success: always id 0. */
export const KIND_OK = 0;

/** Transport-level error kinds every model uses (interned first, in this order, after "ok"). */
export const STANDARD_KINDS = [
  "ok",
  "refused",
  "connect-timeout",
  "read-timeout",
  "reset",
  "aborted",
] as const;

/** An outcome-kind registry with "ok" = 0 and the standard kinds, plus a cache of HTTP status kinds. */
export class OutcomeKinds extends NameRegistry {
  private readonly httpIds = new Int32Array(600).fill(-1);

  constructor() {
    super(STANDARD_KINDS);
  }

  /** The kind of an HTTP status, named by its number ("404", "503"). */
  http(status: number): number {
    if (!(Number.isInteger(status) && status >= 100 && status < 600)) throw new RangeError(`not an HTTP status: ${status}`);
    let id = this.httpIds[status];
    if (id < 0) {
      id = this.intern(String(status));
      this.httpIds[status] = id;
    }
    return id;
  }
}

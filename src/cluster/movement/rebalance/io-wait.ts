import { Signal, type Simulator } from "../../../kernel/index.js";
import type { Disk, IoStatus } from "../../resources/index.js";

const onIo = (s: Signal<IoStatus>, status: IoStatus): void => {
  s.notify(status);
};

/** A signal a process yields to wait for one disk IO (the IO never completes synchronously). */
export function diskIo(sim: Simulator, disk: Disk, write: boolean, bytes: number): Signal<IoStatus> {
  const s = new Signal<IoStatus>(sim, "movement.io");
  if (write) disk.write(bytes, onIo, s);
  else disk.read(bytes, onIo, s);
  return s;
}

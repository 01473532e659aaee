import type { CommandModule } from "yargs";
import "../bench/all.js";
import { benchNames, findBench } from "../bench/registry.js";

interface BenchArgs {
  which: string;
  json: boolean;
  peers: boolean;
}

/** `aisim bench kernel|placement|cluster|all [--json] [--peers]`. */
export const benchCommand: CommandModule<object, BenchArgs> = {
  command: "bench <which>",
  describe: "measure the simulator's speed (kernel, placement, cluster, or all)",
  builder: (y) =>
    y
      .positional("which", { type: "string", choices: [...benchNames(), "all"], demandOption: true })
      .option("json", { type: "boolean", default: false, describe: "print one JSON object of figures on the last line" })
      .option("peers", { type: "boolean", default: false, describe: "also run the peer tools of ../shared/bench side by side (when present)" }),
  handler: async (args) => {
    const names = args.which === "all" ? benchNames() : [args.which];
    const figures: Record<string, number | string> = {};
    for (const name of names) {
      const bench = findBench(name);
      if (!bench) throw new Error(`unknown benchmark ${name}`);
      Object.assign(figures, await bench((line) => process.stdout.write(line + "\n"), { peers: args.peers }));
    }
    if (args.json) process.stdout.write(JSON.stringify(figures) + "\n");
  },
};

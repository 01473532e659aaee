import { registerBench } from "./registry.js";

registerBench("kernel", async (log) => {
  log("kernel benchmark: not implemented yet");
  return {};
});

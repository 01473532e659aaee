// The import rules of src/ (run by `npm test` through `npm run deps`): layers import only downwards, no cycles.
// Layers, highest first; a file may import its own layer and any layer ranked below it, never a sibling of the
// same rank. The order is the architecture (src/README.md): the CLI drives experiments, experiments drive the
// composition root (sim/), which wires workload, cluster, and the pure libraries underneath.
const RANKS = {
  cli: 10,
  report: 9,
  experiment: 8,
  bench: 8,
  sim: 7,
  workload: 6,
  cluster: 5,
  live: 4,
  scenarios: 4,
  checkers: 4,
  retry: 3,
  metrics: 3,
  placement: 3,
  model: 2,
  kernel: 1,
  util: 0,
};

const layers = Object.keys(RANKS);
const layerRules = layers
  .map((layer) => {
    const notBelow = layers.filter((other) => other !== layer && RANKS[other] >= RANKS[layer]);
    if (notBelow.length === 0) return undefined;
    return {
      name: `${layer}-imports-down`,
      comment: `src/${layer}/ (rank ${RANKS[layer]}) may import only layers ranked below it: not ${notBelow.join(", ")}`,
      severity: "error",
      from: { path: `^src/${layer}/` },
      to: { path: `^src/(${notBelow.join("|")})/` },
    };
  })
  .filter((rule) => rule !== undefined);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "An import cycle means no file in it can be read first; type-only imports count too.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "src-not-from-tests",
      comment: "Shipped code never imports test code.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^test/" },
    },
    {
      name: "cluster-sees-no-checkers-or-presets",
      comment: "The cluster model is checked from outside (sim/ runs the checkers) and knows retry policies only by their contract.",
      severity: "error",
      from: { path: "^src/cluster/" },
      to: { path: "^src/(checkers|retry/presets|retry/libraries)/" },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js"] },
  },
};

// Importing this module registers every benchmark; each file registers itself.
import "./kernel.js";
import "./resources.js";
import "./cluster-bench.js";
import "./placement.js";
import "./retry.js";

import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";

/** Fonts and sizes fixed here so text measurement (estimated in Node, no canvas) is the same everywhere. */
const CHART_CONFIG = {
  font: "Helvetica, Arial, sans-serif",
  background: "white",
  view: { stroke: "#dddddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridColor: "#eeeeee" },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: "start" },
} as const;

/**
 * Renders a Vega-Lite spec to SVG text in Node (no browser, no canvas). The output depends only on the spec:
 * vega's headless SVG renderer uses no random ids and no clock.
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const compiled = compile({ ...spec, config: { ...CHART_CONFIG, ...(spec.config ?? {}) } } as TopLevelSpec).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** Figures a benchmark case reports (JSON keys). */
export type Figures = Record<string, number | string>;

/** Where a case prints its human-readable lines. */
export type Log = (line: string) => void;

/** Peak resident set size of this process so far, in bytes (the kernel's high-water mark, not a sample). */
export function peakRssBytes(): number {
  // resourceUsage().maxRSS is in KiB on Linux and macOS.
  return Math.max(process.resourceUsage().maxRSS * 1024, process.memoryUsage().rss);
}

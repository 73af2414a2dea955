/**
 * How long a running pod is interrupted, from the project's own measurements (`npm run
 * bench:replace`, 2026-11-30: Docker 20.10, 2 shared CPUs, busybox httpd members that stop at
 * SIGTERM, medians of 5 runs; README "Benchmarks"). A review quotes these as the expected
 * interruption; the real figure adds what the images themselves take to stop and to serve.
 */
export const measured = {
  /** One member replaced (delete, then create, in the pod's namespaces): time without that member. */
  memberReplaceSeconds: 1.0,
  /** The pause container replaced: time until the pod serves again on its host port. */
  podRestartSeconds: 1.1,
  /** Where the figures come from. */
  source: "npm run bench:replace",
};

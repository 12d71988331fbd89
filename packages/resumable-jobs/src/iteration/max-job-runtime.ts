/**
 * The runtime limit an execution runs under: job-iteration's `min(global, class)`, where either may
 * be unset. A class cannot raise the global limit, only lower it; a subclass that sets its own
 * value replaces its parent's (static inheritance does that for us).
 */
export function effectiveMaxJobRuntimeMs(globalMs: number | undefined, classMs: number | undefined): number | undefined {
  if (globalMs === undefined) return classMs;
  if (classMs === undefined) return globalMs;
  return Math.min(globalMs, classMs);
}

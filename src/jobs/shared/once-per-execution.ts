/**
 * A value built on first use and kept for the rest of the execution. The runtime constructs a job
 * for every execution, so a job field holding one of these builds its value once per execution,
 * whichever hook asks first (buildEnumerator, onStart, eachIteration, onComplete), and the hooks
 * do not depend on the order the engine calls them in.
 */
export function oncePerExecution<T>(build: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: build() }).value;
}

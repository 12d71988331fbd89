/** A worker process could not be started or did not do what a scenario waited for. */
export class WorkerProcessError extends Error {
  override readonly name = 'WorkerProcessError';
}

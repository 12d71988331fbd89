import type { Cursor } from '../../runtime/cursor.js';
import { CursorEnumerable, openSteps } from '../cursor-enumerable.js';
import { describeValue } from '../describe-value.js';
import type { EnumeratedPair, Enumeration } from '../types.js';
import { arrayEnumerator } from './array.js';
import { InvalidEnumeratorOptionsError } from './errors.js';

/**
 * Parallel iteration (job-iteration 1.15 `parallel`): one job fans out over `instances` partitions.
 *
 * The job's first execution has no cursor: the builder returns a ParallelFanOut and the engine,
 * instead of iterating, enqueues `instances` jobs of the same class, with the same arguments, on the
 * same queue, each starting at its own cursor `{ instance, instances, innerCursor: null }`, and the
 * parent completes without callbacks. Each child then builds its partition's enumerator from that
 * cursor and runs as an ordinary iteration job (onStart, its own checkpoint, interruptions), its
 * cursor wrapping the partition's: `{ instance, instances, innerCursor }`.
 *
 * `instances` is read from the cursor, not from the builder's argument, so a deploy that changes the
 * number of instances cannot reshuffle the partitions of jobs already running.
 */
export type ParallelCursor = {
  instance: number;
  instances: number;
  /** The partition enumerator's cursor (null before its first item). */
  innerCursor: Cursor | null;
};

/** What `parallel` returns on the parent's first execution: "enqueue one child per partition". */
export class ParallelFanOut {
  constructor(readonly instances: number) {}
}

/** Builds partition `instance` of `instances`, resuming strictly after `innerCursor`. */
export type PartitionBuilder<Item, Inner> = (instance: number, instances: number, innerCursor: Inner | undefined) => Enumeration<Item, Inner>;

export function parallelEnumerator<Item, Inner>(
  options: { instances: number; cursor: ParallelCursor | undefined },
  buildPartition: PartitionBuilder<Item, Inner>,
): ParallelFanOut | CursorEnumerable<Item, ParallelCursor> {
  const { instances, cursor } = options;
  if (!Number.isSafeInteger(instances) || instances < 1) {
    throw new InvalidEnumeratorOptionsError('parallel', `instances must be a positive integer, got ${describeValue(instances)}`, 'e.g. { instances: 4, cursor }');
  }
  if (cursor === undefined) return new ParallelFanOut(instances);
  const { instance, instances: fromCursor, innerCursor } = checkedCursor(cursor);
  const partition = buildPartition(instance, fromCursor, (innerCursor ?? undefined) as Inner | undefined);
  return new CursorEnumerable<Item, ParallelCursor>(
    'parallel',
    { cursor },
    () => wrapCursors(openSteps(partition), instance, fromCursor),
    () => (partition instanceof CursorEnumerable ? partition.size() : undefined),
  );
}

/** The array split into `instances` contiguous slices of near-equal length (job-iteration `parallel_array`). */
export function parallelArrayEnumerator<T>(
  items: readonly T[],
  options: { instances: number; cursor: ParallelCursor | undefined },
): ParallelFanOut | CursorEnumerable<T, ParallelCursor> {
  if (!Array.isArray(items)) {
    throw new InvalidEnumeratorOptionsError('parallelArray', `expected an array, got ${describeValue(items)}`, 'pass the array every partition slices');
  }
  return parallelEnumerator<T, number>(options, (instance, instances, innerCursor) => {
    const start = Math.floor((items.length / instances) * instance);
    const end = Math.floor((items.length / instances) * (instance + 1));
    return arrayEnumerator(items.slice(start, end), { cursor: innerCursor });
  });
}

function checkedCursor(cursor: ParallelCursor): ParallelCursor {
  const { instance, instances } = (cursor ?? {}) as Partial<ParallelCursor>;
  const valid =
    typeof cursor === 'object' && cursor !== null &&
    Number.isSafeInteger(instances) && instances! >= 1 &&
    Number.isSafeInteger(instance) && instance! >= 0 && instance! < instances! &&
    'innerCursor' in cursor;
  if (!valid) {
    throw new InvalidEnumeratorOptionsError('parallel', `expected a cursor { instance, instances, innerCursor } with 0 <= instance < instances, got ${JSON.stringify(cursor)}`, 'pass on the cursor buildEnumerator was given');
  }
  return cursor;
}

type Steps<Item, C> = Iterator<EnumeratedPair<Item, C>> | AsyncIterator<EnumeratedPair<Item, C>>;

/**
 * The partition's steps with each cursor wrapped. A step is wrapped as it comes, a value or a
 * promise, so a sync partition stays sync (the engine awaits only what is a promise).
 */
function wrapCursors<Item, Inner>(steps: Steps<Item, Inner>, instance: number, instances: number): Steps<Item, ParallelCursor> {
  type Result = IteratorResult<EnumeratedPair<Item, Inner>>;
  const wrap = (next: Result): IteratorResult<EnumeratedPair<Item, ParallelCursor>> => {
    if (next.done) return next;
    const [item, innerCursor] = next.value;
    return { done: false, value: [item, { instance, instances, innerCursor: innerCursor as Cursor }] };
  };
  const pending = steps.next.bind(steps) as () => Result | Promise<Result>;
  return {
    next: () => {
      const next = pending();
      return (next instanceof Promise ? next.then(wrap) : wrap(next)) as never;
    },
    return: (value?: unknown) => (steps.return?.(value as never) ?? { done: true, value: undefined }) as never,
  } as Steps<Item, ParallelCursor>;
}

import { isDeepStrictEqual } from 'node:util';

/** Where a cursor stops being plain JSON, e.g. `{ path: 'cursor[0]', problem: 'a Date' }`. */
export interface JsonProblem {
  path: string;
  problem: string;
}

/**
 * Finds the first part of `value` that would not come back unchanged from JSON.stringify/parse.
 * A structural walk, not a round trip: it runs once per item, so it must be cheap, and it names
 * the offending part, which a round trip cannot.
 */
export function findJsonProblem(value: unknown, path = 'cursor'): JsonProblem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      if (!Number.isFinite(value)) return { path, problem: `the number ${String(value)} (JSON turns it into null)` };
      if (Object.is(value, -0)) return { path, problem: '-0 (JSON turns it into 0)' };
      return undefined;
    case 'undefined':
      return { path, problem: 'undefined (JSON drops it or turns it into null)' };
    case 'bigint':
      return { path, problem: 'a BigInt (JSON.stringify throws on it); use a string' };
    case 'function':
    case 'symbol':
      return { path, problem: `a ${typeof value}` };
    case 'object':
      break;
  }
  if (value === null) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return { path: `${path}[${i}]`, problem: 'a hole in a sparse array (JSON turns it into null)' };
      const problem = findJsonProblem(value[i], `${path}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    const name = (value as object).constructor?.name ?? 'object';
    const hint = value instanceof Date ? '; use value.toISOString()' : '';
    return { path, problem: `a ${name} (JSON would turn it into ${describeJsonOf(value)})${hint}` };
  }
  for (const [key, inner] of Object.entries(value)) {
    const problem = findJsonProblem(inner, `${path}.${key}`);
    if (problem) return problem;
  }
  return undefined;
}

function describeJsonOf(value: unknown): string {
  try {
    const json = JSON.stringify(value);
    return json === undefined ? 'nothing' : json.length > 60 ? `${json.slice(0, 60)}…` : json;
  } catch {
    return 'an error';
  }
}

/** Deep equality between cursors, treating undefined and null as "no cursor". */
export function sameCursor(a: unknown, b: unknown): boolean {
  return isDeepStrictEqual(a ?? null, b ?? null);
}

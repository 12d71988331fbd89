import { findCursorProblem } from './cursor.js';
import { InvalidJobArgumentsError } from './errors.js';

/** Anything with zod's `safeParse` shape: the runtime needs no more of a schema library. */
export interface ArgsSchema {
  safeParse(value: unknown):
    | { success: true; data?: unknown }
    | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; keys?: ReadonlyArray<string> }> } };
}

/**
 * Checks a job's arguments against its class's `argsSchema` (when it declares one): at enqueue and
 * again at execution, since a job may be added by other tools or carry data from an older release.
 * Throws InvalidJobArgumentsError naming the first wrong field.
 */
export function assertValidArgs(
  cls: { readonly argsSchema?: ArgsSchema },
  jobName: string,
  args: unknown,
  when: 'enqueue' | 'execution',
): void {
  assertSerializable(jobName, args, when);
  if (!cls.argsSchema) return;
  const result = cls.argsSchema.safeParse(args);
  if (result.success) return;
  const issue = result.error.issues[0];
  // An unknown key is reported on the object with the key's name in `keys` (zod's unrecognized_keys).
  const path = [...(issue?.path ?? []).map(String), ...(issue?.keys?.slice(0, 1) ?? [])];
  const field = path.length > 0 ? path.join('.') : '(the arguments)';
  throw new InvalidJobArgumentsError(jobName, field, describeProblem(issue?.message ?? 'is invalid', args), when);
}

/**
 * Job data travels as JSON: arguments JSON.stringify throws on (a BigInt, a cycle) are refused by
 * name, before a schema (whose message would show them) or BullMQ (a bare TypeError) sees them.
 */
function assertSerializable(jobName: string, args: unknown, when: 'enqueue' | 'execution'): void {
  try {
    JSON.stringify(args);
    return;
  } catch (error) {
    const found = findCursorProblem(args, 'args');
    const field = found ? found.path.replace(/^args\.?/, '') || '(the arguments)' : '(the arguments)';
    const problem = found?.problem ?? (error instanceof Error ? error.message : String(error));
    throw new InvalidJobArgumentsError(jobName, field, `cannot be stored as JSON: it is ${problem}`, when);
  }
}

function describeProblem(message: string, args: unknown): string {
  // zod says "Invalid input: expected object, received string": keep it, and show what arrived when it is short.
  const shown = JSON.stringify(args) ?? 'undefined';
  const lowered = message.charAt(0).toLowerCase() + message.slice(1);
  return `is invalid (${lowered})${shown.length <= 60 ? ` in ${shown}` : ''}`;
}

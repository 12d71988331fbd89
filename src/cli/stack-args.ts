import { z } from 'zod';
import { expectPositionals, parseWithPositionals, pickSubcommand } from './parse-subcommand.js';
import type { HelpRequest } from './types.js';

export const STACK_ACTIONS = ['up', 'down', 'status'] as const;
export type StackAction = (typeof STACK_ACTIONS)[number];
export const STACK_USAGE = 'npm run stack -- up|down|status';

export function parseStackArgs(argv: readonly string[]): { kind: 'stack'; action: StackAction } | HelpRequest {
  const parsed = parseWithPositionals('stack', STACK_USAGE, argv, {}, z.object({}));
  if (parsed === 'help') {
    return {
      kind: 'help',
      text: [
        `usage: ${STACK_USAGE}`,
        '  up      start Redis and PostgreSQL that keep running after this command (Docker if it answers,',
        '          else local redis-server and postgres), and record where they listen; one `up` at a',
        '          time (a second one meanwhile exits 1: already starting)',
        '  status  say what the recorded stack runs and whether each server answers, and list any stack',
        '          started for this state file that it does not record',
        '  down    stop exactly the recorded servers (and any unrecorded one found) and remove their data',
        'Every operator command (demo, worker, jobs, seed, setup) uses REDIS_URL/DATABASE_URL if set,',
        'else this recorded stack. STACK=local|containers forces how `up` starts servers;',
        'STACK_STATE_FILE moves the record (default .stack/state.json).',
      ].join('\n'),
    };
  }
  const action = pickSubcommand('stack', STACK_USAGE, parsed.positionals, STACK_ACTIONS);
  expectPositionals('stack', STACK_USAGE, parsed.positionals, 1);
  return { kind: 'stack', action };
}

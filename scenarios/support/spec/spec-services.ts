import type { MikroORM } from '@mikro-orm/postgresql';
import type { CallbackLog } from './callback-log.js';

/**
 * What the spec jobs of both engines get as services: the scenario's ORM (for the ledger), the log
 * of lifecycle hooks, and a story's own knobs spread alongside (the same object the story holds, so
 * a story can change a hook while jobs run).
 */
export type SpecServices<Extra = object> = { orm: MikroORM; callbacks: CallbackLog } & Extra;

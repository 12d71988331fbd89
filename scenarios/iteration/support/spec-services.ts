import type { MikroORM } from '@mikro-orm/postgresql';
import type { CallbackLog } from './callback-log.js';

/** What the iteration spec jobs get as services. `extra` carries a story's own knobs. */
export interface SpecServices<Extra = Record<string, unknown>> {
  orm: MikroORM;
  callbacks: CallbackLog;
  extra: Extra;
}

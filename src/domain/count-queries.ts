import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Counts the statements MikroORM sends while `work` runs, BEGIN/COMMIT and savepoints included:
 * each is a round trip to Postgres, which is what the services are tuned for. The connection hands
 * every statement to the configured logger (enabled or not), so wrapping it sees them all.
 * Counts everyone's statements on this ORM: do not run other work on it meanwhile.
 */
export async function countQueries<T>(orm: MikroORM, work: () => Promise<T>): Promise<{ result: T; queries: number; statements: string[] }> {
  const logger = orm.config.getLogger();
  const original = logger.logQuery;
  const statements: string[] = [];
  logger.logQuery = (context) => {
    statements.push(context.query ?? '');
    original.call(logger, context);
  };
  try {
    const result = await work();
    return { result, queries: statements.length, statements };
  } finally {
    logger.logQuery = original;
  }
}

import pg from 'pg';

/** The part of node-postgres' Client the stack needs. */
export interface PgClient {
  query<Row = Record<string, unknown>>(sql: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
}

/** Connects one short-lived client (no pool: the stack runs a handful of admin statements). */
export async function connectPg(connectionString: string, connectionTimeoutMillis = 5_000): Promise<PgClient> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis });
  // An idle client whose server side goes away (DROP DATABASE ... WITH (FORCE), a server stop) emits
  // 'error'; unheard, that would crash the process. The next query on it rejects, which is enough.
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw error;
  }
  return client;
}

/** Runs `work` with a connected client and always disconnects it. */
export async function withPg<T>(connectionString: string, work: (client: PgClient) => Promise<T>): Promise<T> {
  const client = await connectPg(connectionString);
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

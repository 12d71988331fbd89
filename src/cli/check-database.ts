import { connectPg } from '../harness/stack/pg-client.js';

/** Runs `select 1` once; resolves to the failure reason, or undefined when PostgreSQL answered. */
export async function checkDatabase(url: string, timeoutMs = 2_000): Promise<string | undefined> {
  try {
    const client = await connectPg(url, timeoutMs);
    try {
      await client.query('select 1');
      return undefined;
    } finally {
      await client.end().catch(() => undefined);
    }
  } catch (error) {
    return error instanceof Error ? error.message.split('\n')[0] || error.name : String(error);
  }
}

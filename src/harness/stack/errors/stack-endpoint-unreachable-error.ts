/** A Redis or PostgreSQL endpoint the provider chose did not answer a trivial command. */
export class StackEndpointUnreachableError extends Error {
  override readonly name = 'StackEndpointUnreachableError';
  constructor(server: 'Redis' | 'PostgreSQL', redactedUrl: string, cause: unknown) {
    super(
      `${server} at ${redactedUrl} did not answer: ${String((cause as Error)?.message ?? cause)}. ` +
        'Check that the server runs and the URL (host, port, user, password) is right.',
      { cause },
    );
  }
}

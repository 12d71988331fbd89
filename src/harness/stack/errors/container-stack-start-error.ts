/** Docker answered, but the Redis/PostgreSQL containers did not start. */
export class ContainerStackStartError extends Error {
  override readonly name = 'ContainerStackStartError';
  constructor(images: string, cause: unknown) {
    super(
      `Docker answered but the containers (${images}) did not start: ${String((cause as Error)?.message ?? cause)}. ` +
        'Make the images available to the engine (docker pull, docker load) or point REDIS_IMAGE/POSTGRES_IMAGE at ' +
        'images it has; set TESTCONTAINERS_RYUK_DISABLED=true if the Ryuk image cannot be pulled; ' +
        'or use STACK=local / REDIS_URL+DATABASE_URL instead.',
      { cause },
    );
  }
}

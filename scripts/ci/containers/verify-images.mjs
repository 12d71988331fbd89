#!/usr/bin/env node
// Smoke test for the locally built images: start both through testcontainers exactly as the
// stack does (same classes, same wait strategies), connect, print timings, stop.
//
//   DOCKER_HOST=unix:///tmp/jobcont-dockerd/docker.sock node scripts/ci/containers/verify-images.mjs
//
// Env: DOCKER_HOST (default: dockerd.sh's private socket), REDIS_IMAGE, POSTGRES_IMAGE.
// Exit code 0 only if both containers started, answered, and were stopped.

// Ryuk's image cannot be pulled here; set before testcontainers is loaded (imports below are lazy).
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.DOCKER_HOST ??= `unix://${process.env.JOBCONT_DOCKERD_DIR ?? '/tmp/jobcont-dockerd'}/docker.sock`;

const redisImage = process.env.REDIS_IMAGE?.trim() || 'redis:7-alpine';
const postgresImage = process.env.POSTGRES_IMAGE?.trim() || 'postgres:16-alpine';

const [{ RedisContainer }, { PostgreSqlContainer }, { default: Redis }] = await Promise.all([
  import('@testcontainers/redis'),
  import('@testcontainers/postgresql'),
  import('ioredis'),
]);

const ms = (t0) => `${Math.round(performance.now() - t0)} ms`;
const started = [];
let failed = false;

async function timed(label, fn) {
  const t0 = performance.now();
  try {
    const value = await fn();
    console.log(`${label}: ok in ${ms(t0)}`);
    return value;
  } catch (error) {
    failed = true;
    console.error(`${label}: FAILED after ${ms(t0)}: ${error?.message ?? error}`);
    return undefined;
  }
}

async function checkRedis(container) {
  const client = new Redis(container.getConnectionUrl(), { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await client.connect();
    const pong = await client.ping();
    if (pong !== 'PONG') throw new Error(`PING answered ${pong}`);
    // The in-container CLI path (RedisContainer.executeCliCmd) must work too.
    const cli = (await container.executeCliCmd('ping')).trim();
    if (cli !== 'PONG') throw new Error(`redis-cli ping in the container answered ${cli}`);
  } finally {
    client.disconnect();
  }
}

/** `pg` comes with @mikro-orm/postgresql; without it, fall back to psql inside the container. */
async function checkPostgres(container) {
  let pg;
  try {
    pg = (await import('pg')).default;
  } catch {
    pg = undefined;
  }
  if (pg) {
    const client = new pg.Client({ connectionString: container.getConnectionUri() });
    await client.connect();
    try {
      const { rows } = await client.query('select current_user as u, current_database() as d');
      if (rows[0].u !== 'u' || rows[0].d !== 'x') throw new Error(`connected as ${rows[0].u} to ${rows[0].d}`);
    } finally {
      await client.end();
    }
    // The password must really be checked over TCP.
    const wrong = new URL(container.getConnectionUri());
    wrong.password = 'not-the-password';
    const bad = new pg.Client({ connectionString: wrong.toString() });
    const rejected = await bad.connect().then(
      () => false,
      () => true,
    );
    if (!rejected) {
      await bad.end();
      throw new Error('a wrong password was accepted');
    }
  } else {
    const r = await container.exec(['psql', '-U', 'u', '-d', 'x', '-tAc', 'select current_user']);
    if (r.exitCode !== 0 || r.output.trim() !== 'u') throw new Error(`psql in the container: ${r.output}`);
  }
  // snapshot()/restoreSnapshot() exec psql inside the container.
  await container.snapshot('verify_snapshot');
  await container.restoreSnapshot('verify_snapshot');
}

const total = performance.now();
console.log(`DOCKER_HOST=${process.env.DOCKER_HOST} redis=${redisImage} postgres=${postgresImage}`);

// Started together, as the stack provider does.
const [redis, postgres] = await Promise.all([
  timed(`start ${redisImage}`, () => new RedisContainer(redisImage).start()),
  timed(`start ${postgresImage}`, () =>
    new PostgreSqlContainer(postgresImage).withDatabase('x').withUsername('u').withPassword('p').start(),
  ),
]);
if (redis) started.push(redis);
if (postgres) started.push(postgres);

if (redis) await timed('redis PING (ioredis + redis-cli in container)', () => checkRedis(redis));
if (postgres) await timed('postgres login u/p on x, wrong password refused, snapshot/restore', () => checkPostgres(postgres));

for (const container of started) {
  await timed(`stop ${container.getName?.() ?? container.getId()}`, () => container.stop());
}
console.log(`total ${ms(total)} ${failed ? '- FAILED' : '- all ok'}`);
process.exit(failed ? 1 : 0);

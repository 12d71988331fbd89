import { describe, expect, it } from 'vitest';
import { validateDatabaseUrl, validateRedisUrl } from './connection-url.js';
import { InvalidConnectionUrlError } from './errors.js';

describe('validateRedisUrl', () => {
  it('reads host, port and database of a good URL (and a cluster seed URL)', () => {
    expect(validateRedisUrl('redis://:pw@127.0.0.1:6380/3')).toEqual({ host: '127.0.0.1', port: 6380, db: 3, tls: false });
    expect(validateRedisUrl('rediss://cache.example')).toEqual({ host: 'cache.example', port: 6379, db: 0, tls: true });
    expect(validateRedisUrl('redis+cluster://127.0.0.1:7000').port).toBe(7000);
  });

  it.each([
    ['redis://127.0.0.1:6379/abc', 'selects database "abc"'],
    ['redis://:pw-secret@127.0.0.1:99999', 'has port "99999"'],
    ['redis://127.0.0.1:port', 'has port "port"'],
    ['mysql://127.0.0.1', 'has scheme "mysql:"'],
    ['127.0.0.1:6379', 'is not a URL'],
    ['not a url', 'is not a URL'],
  ])('%s: one line naming REDIS_URL and the problem, no password', (url, problem) => {
    let error: unknown;
    try {
      validateRedisUrl(url);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(InvalidConnectionUrlError);
    expect((error as Error).message).toMatch(/^REDIS_URL /);
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).not.toContain('pw-secret');
  });
});

describe('validateDatabaseUrl', () => {
  it('needs a postgres scheme, a host and a database name', () => {
    expect(validateDatabaseUrl('postgres://u@h:5433/app')).toEqual({ host: 'h', port: 5433, database: 'app' });
    expect(() => validateDatabaseUrl('postgres://u@h:5433')).toThrow(/^DATABASE_URL .*names no database/);
    expect(() => validateDatabaseUrl('redis://h/app', 'PGURL')).toThrow(/^PGURL .*has scheme "redis:"/);
  });
});

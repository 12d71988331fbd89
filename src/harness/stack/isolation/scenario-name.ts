import { randomBytes } from 'node:crypto';

/**
 * A short lowercase [a-z0-9_] form of a scenario's name, safe in a database name and a Redis key.
 * Accepts a plain name, a file path or an `import.meta.url`; the folder and `.test.ts` are dropped.
 */
export function scenarioSlug(name: string, maxLength = 40): string {
  const base = name.split(/[\\/]/).pop() ?? name;
  const slug = base
    .replace(/(\.(test|spec))?\.[cm]?[jt]sx?$/i, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .slice(0, maxLength)
    .replace(/^_+|_+$/g, '');
  return slug || 'scenario';
}

/** 8 hex characters: two runs of one scenario never share a database or a prefix. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString('hex');
}

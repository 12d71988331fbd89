/**
 * Keeps secrets out of log lines, error messages and reports. Two nets: the credentials part of any
 * URL in a text (`scheme://user:secret@host` -> `scheme://user:***@host`), and every secret the
 * process was told about (the passwords of the URLs it connects with), wherever it appears, e.g.
 * in a Redis reply that echoes the AUTH arguments.
 */
const knownSecrets = new Set<string>();

/** Remembers the password of `url` (if any), so redactSecrets hides it anywhere in a text. */
export function registerUrlSecret(url: string): void {
  try {
    const { password } = new URL(url);
    if (password) registerSecret(decodeURIComponent(password));
  } catch {
    // An unparseable URL is reported by its validator; nothing to remember here.
  }
}

/** Remembers a secret (three characters or more), so `redactSecrets` hides it anywhere in a text. */
export function registerSecret(secret: string): void {
  // Very short strings would mask ordinary words; such a password is a problem of its own.
  if (secret.length >= 3) knownSecrets.add(secret);
}

/** The URL with any password replaced by `***`, safe to print in logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '<unparseable URL>';
  }
}

// scheme://[user]:password@ : the password runs up to the last '@' before the host.
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*):[^\s@/]*@/gi;

/** `text` with URL passwords and every registered secret replaced by `***`. */
export function redactSecrets(text: string): string {
  let redacted = text.replace(URL_CREDENTIALS, '$1:***@');
  for (const secret of knownSecrets) redacted = redacted.split(secret).join('***');
  for (const secret of knownSecrets) {
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) redacted = redacted.split(encoded).join('***');
  }
  return redacted;
}

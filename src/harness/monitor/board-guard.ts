import type { NextFunction, Request, RequestHandler, Response } from 'express';
import basicAuth from 'express-basic-auth';

/**
 * What stands between a web page and the queues. A browser will send a request to 127.0.0.1 for any
 * page it has open, so listening on loopback is not enough:
 * - `Host` must name the address the board listens on: a page whose own name resolves to 127.0.0.1
 *   (DNS rebinding) sends its own name, and is refused;
 * - an `Origin` (or, without one, a `Referer`) must be the board itself: a form or a fetch from another
 *   site is refused before it reaches bull-board;
 * - only GET and HEAD pass unless writes were asked for (`--allow-writes`): retry, clean, empty,
 *   obliterate, add and update are all refused on the server, whatever the page shows;
 * - with credentials configured, every request needs them (basic auth).
 */
export interface BoardGuardOptions {
  /** The `host:port` values a request may name: the bound address, and `localhost` for loopback. */
  allowedHosts: readonly string[];
  allowWrites: boolean;
  basicAuth?: BoardCredentials;
}

export interface BoardCredentials {
  user: string;
  password: string;
}

const READS = new Set(['GET', 'HEAD']);

/** The `host:port` names under which a board bound to `host` is reached by its own pages. */
export function boardHosts(host: string, port: number): string[] {
  const loopback = host === '127.0.0.1' || host === 'localhost';
  return loopback ? [`127.0.0.1:${port}`, `localhost:${port}`] : [`${host}:${port}`];
}

export function boardGuard(options: BoardGuardOptions): RequestHandler[] {
  const origins = new Set(options.allowedHosts.map((host) => `http://${host}`));
  const refuse = (res: Response, status: number, error: string) => void res.status(status).json({ error });
  const sameSite: RequestHandler = (req: Request, res: Response, next: NextFunction) => {
    const host = req.headers.host ?? '';
    if (!options.allowedHosts.includes(host)) {
      return refuse(res, 421, `this dashboard answers only as ${options.allowedHosts.join(' or ')}, not "${host}"`);
    }
    const origin = req.headers.origin ?? originOf(req.headers.referer);
    if (origin !== undefined && !origins.has(origin)) {
      return refuse(res, 403, `requests from other sites are refused (origin "${origin}")`);
    }
    next();
  };
  const readOnly: RequestHandler = (req, res, next) => {
    if (options.allowWrites || READS.has(req.method)) return next();
    refuse(res, 403, 'the dashboard is read-only; start it with --allow-writes to retry, clean or remove jobs');
  };
  if (!options.basicAuth) return [sameSite, readOnly];
  // After the site check: a rebinding page must not even get the browser to ask for the password.
  const { user, password } = options.basicAuth;
  return [sameSite, basicAuth({ users: { [user]: password }, challenge: true, realm: 'resumable-jobs dashboard' }), readOnly];
}

/** The origin of a Referer URL; a malformed one counts as foreign. */
function originOf(referer: string | undefined): string | undefined {
  if (referer === undefined) return undefined;
  try {
    return new URL(referer).origin;
  } catch {
    return 'unparseable referer';
  }
}

import type { SessionCookie } from '@holdfast/api';
import type { FastifyReply, FastifyRequest } from 'fastify';

const sessionCookieName = 'holdfast_session';

const bearer = /^Bearer +([^\s]+) *$/i;

/**
 * The cookie only counts on a GET (tRPC runs no mutation over GET) or a JSON POST. A cross-site
 * form can send neither, and JSON from another origin needs a CORS preflight this server never
 * grants, so another site cannot ride the cookie even where SameSite does not hold it back.
 */
function cookieMayCarrySession(request: FastifyRequest): boolean {
  if (request.method === 'GET') return true;
  return (
    request.method === 'POST' && request.headers['content-type']?.startsWith('application/json') === true
  );
}

/** The session token a request presents: the Authorization header when there is one, else the cookie. */
export function presentedSessionToken(request: FastifyRequest): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization !== undefined) return bearer.exec(authorization)?.[1];
  return cookieMayCarrySession(request) ? request.cookies[sessionCookieName] : undefined;
}

/** The cookie the web app's session lives in: out of reach of scripts, and only sent over https when the site is https. */
export function sessionCookieFor(request: FastifyRequest, reply: FastifyReply): SessionCookie {
  const options = {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: request.protocol === 'https',
  } as const;
  // nor may such a request change the cookie: a form on another site could otherwise sign the browser out
  const mayChange = cookieMayCarrySession(request);
  return {
    set: (token, expiresAt) => {
      if (mayChange) reply.setCookie(sessionCookieName, token, { ...options, expires: expiresAt });
    },
    clear: () => {
      if (mayChange) reply.clearCookie(sessionCookieName, options);
    },
  };
}

import { findLiveSession } from '@holdfast/api';
import { type Database, isConnectionLoss } from '@holdfast/db';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { presentedSessionToken } from './session-transport.ts';

/**
 * For pages outside tRPC that only admins may see: true when the request carries an admin's
 * live session (the storefront's cookie or a bearer token); otherwise the refusal is sent.
 */
export async function admitAdmin(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<boolean> {
  let session: Awaited<ReturnType<typeof findLiveSession>>;
  try {
    session = await findLiveSession(db, presentedSessionToken(request));
  } catch (error) {
    if (!isConnectionLoss(error)) throw error;
    await reply
      .code(503)
      .type('text/plain; charset=utf-8')
      .send('Sessions live on the primary, which is down');
    return false;
  }
  if (session?.role === 'admin') return true;
  const [code, message] = session
    ? [403, 'Admins only']
    : [401, 'Sign in as an admin (the storefront sets the cookie) or send Authorization: Bearer <token>'];
  await reply.code(code).type('text/plain; charset=utf-8').send(message);
  return false;
}

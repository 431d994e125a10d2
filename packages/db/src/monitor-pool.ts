import pg from 'pg';
import { DiscardingClient, type DiscardingClientConfig } from './discarding-client.ts';

/**
 * One connection of its own to a server, for the probes that must answer while the request pools
 * are full of lock waiters (the primary's WAL position, a replica's replay position). A frozen
 * server fails a probe after `timeoutMs` of silence, through the same one-timer watchdog as the
 * request path, and its connection, still owed that answer, is dropped, never serving the next probe.
 */
export function monitorPool(url: string, timeoutMs: number): pg.Pool {
  const config: pg.PoolConfig & DiscardingClientConfig = {
    connectionString: url,
    max: 1,
    connectionTimeoutMillis: timeoutMs,
    answerWithinMs: timeoutMs,
    Client: DiscardingClient,
  };
  const pool = new pg.Pool(config);
  // an idle connection dropped by a restarting server must not crash the process
  pool.on('error', () => undefined);
  return pool;
}

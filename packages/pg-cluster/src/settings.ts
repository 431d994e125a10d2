export interface ServerSettings {
  port: number;
  /** fsync and full-page writes on: what production and benchmarks need, slower for tests. */
  durable: boolean;
  /** Set on the replica only: how it reaches the primary. */
  primaryConninfo?: string;
}

/**
 * The part of the configuration that changes between starts (ports, durability). It lives in
 * its own file, included from postgresql.conf, so a restart can rewrite it without touching
 * anything initdb wrote.
 */
export function renderSettings(settings: ServerSettings): string {
  const lines = [
    `port = ${settings.port}`,
    `listen_addresses = '127.0.0.1'`,
    // no socket directory: /var/run/postgresql may not exist or be writable for our user
    `unix_socket_directories = ''`,
    `wal_level = replica`,
    `max_wal_senders = 10`,
    `wal_keep_size = '1GB'`,
    `hot_standby = on`,
    // queries on the replica should not be cancelled by vacuum on the primary
    `hot_standby_feedback = on`,
    // ...but the primary keeps every row version newer than the replica's last report: at the
    // default 10 s, a hot SKU's row drags thousands of dead versions through each lookup
    `wal_receiver_status_interval = '1s'`,
    `max_connections = 300`,
    `shared_buffers = '128MB'`,
    `log_min_messages = warning`,
    `fsync = ${settings.durable ? 'on' : 'off'}`,
    // on even when not durable (without fsync it costs a write(), not a flush): an async commit can
    // lie past pg_current_wal_lsn(), and waiting for the replica to replay that would not wait for it
    `synchronous_commit = on`,
    `full_page_writes = ${settings.durable ? 'on' : 'off'}`,
  ];
  if (settings.primaryConninfo)
    lines.push(`primary_conninfo = '${settings.primaryConninfo.replaceAll("'", "''")}'`);
  return `# written by @holdfast/pg-cluster on every start\n${lines.join('\n')}\n`;
}

export const hbaRules = `# written by @holdfast/pg-cluster: password logins from this machine only
host all all 127.0.0.1/32 scram-sha-256
host replication all 127.0.0.1/32 scram-sha-256
`;

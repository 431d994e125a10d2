import { randomUUID } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { findFreePort, resolveServerUser, runAs, runCommand } from '@holdfast/pg-cluster';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dockerDir } from './support/paths.ts';
import { pgBinDir, pgTool } from './support/pg-tools.ts';
import { requireTool } from './support/tools.ts';
import { waitFor } from './support/wait-for.ts';

const superuserPassword = 'throwaway-superuser';
// a name and password that need quoting, as real ones may
const replication = { user: 'holdfast-replicator', password: `r'e p\\l"ic`, slot: 'replica_1' };

const account = resolveServerUser();
const work = mkdtempSync(path.join(os.tmpdir(), 'holdfast-docker-'));
const primaryDir = path.join(work, 'primary');
// As in the postgres:18 image: the volume is mounted at a folder that PGDATA lies below
const replicaVolume = path.join(work, 'replica-volume');
const replicaDir = path.join(replicaVolume, '18', 'docker');
let primaryPort = 0;
let replicaPort = 0;
let primary: pg.Client;
let replica: pg.Client;

function ownedByPostgres(file: string): void {
  if (account) chownSync(file, account.uid, account.gid);
}

/** Environment for the PostgreSQL tools and the init scripts: ours would leak PG* settings in. */
function toolEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, LC_ALL: 'C', HOME: work, ...extra };
}

function asPostgres(command: string, args: string[], env: Record<string, string> = {}) {
  return runCommand(command, args, { user: account, cwd: work, env: toolEnv(env) });
}

/** Copies a script where the postgres account can read it, whatever the checkout's permissions. */
function stageScript(relative: string): string {
  const staged = path.join(work, path.basename(relative));
  copyFileSync(path.join(dockerDir, relative), staged);
  ownedByPostgres(staged);
  return staged;
}

async function startServer(dataDir: string, port: number): Promise<void> {
  const log = `${dataDir}.log`;
  const started = await asPostgres(pgTool('pg_ctl'), [
    '-D',
    dataDir,
    '-l',
    log,
    '-o',
    `-p ${port}`,
    '-w',
    'start',
  ]);
  if (started.code !== 0) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '(no server log)';
    throw new Error(`pg_ctl start of ${dataDir} failed:\n${started.output}\n${serverLog}`);
  }
}

async function stopServer(dataDir: string): Promise<void> {
  if (existsSync(path.join(dataDir, 'postmaster.pid'))) {
    await asPostgres(pgTool('pg_ctl'), ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  }
}

async function connect(port: number): Promise<pg.Client> {
  const client = new pg.Client({
    host: '127.0.0.1',
    port,
    user: 'postgres',
    password: superuserPassword,
    database: 'postgres',
  });
  await client.connect();
  return client;
}

const bash = requireTool('bash', 'apt-get install bash');

function initReplica(args: string[] = [], env: Record<string, string> = {}) {
  return asPostgres(bash, [stageScript('replica/init-replica.sh'), ...args], {
    PGDATA: replicaDir,
    PRIMARY_HOST: '127.0.0.1',
    PRIMARY_PORT: String(primaryPort),
    REPLICATION_USER: replication.user,
    REPLICATION_PASSWORD: replication.password,
    SLOT_NAME: replication.slot,
    PG_BIN_DIR: pgBinDir,
    ...env,
  });
}

describe('the replica init scripts, run against real PostgreSQL servers', () => {
  beforeAll(async () => {
    chmodSync(work, 0o755);
    ownedByPostgres(work);
    [primaryPort, replicaPort] = [await findFreePort(), await findFreePort()];

    const pwFile = path.join(work, 'superuser-password');
    writeFileSync(pwFile, superuserPassword);
    ownedByPostgres(pwFile);
    await runAs(
      account,
      pgTool('initdb'),
      [
        '-D',
        primaryDir,
        '-U',
        'postgres',
        `--pwfile=${pwFile}`,
        '--auth=scram-sha-256',
        '-E',
        'UTF8',
        '--locale=C',
      ],
      { cwd: work, env: toolEnv({}) },
    );
    // Like the postgres image's pg_hba.conf, no line admits replication connections from
    // other hosts: if the replica gets in, it is through the rule init-primary.sh adds.
    writeFileSync(path.join(primaryDir, 'pg_hba.conf'), 'host all all 127.0.0.1/32 scram-sha-256\n');
    appendFileSync(
      path.join(primaryDir, 'postgresql.conf'),
      // no socket directory: /var/run/postgresql need not exist or be writable here
      "\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = ''\nfsync = off\n",
    );
    await startServer(primaryDir, primaryPort);

    const primaryInit = await asPostgres(bash, [stageScript('primary/init-primary.sh')], {
      PGDATA: primaryDir,
      PGHOST: '127.0.0.1',
      PGPORT: String(primaryPort),
      PGUSER: 'postgres',
      PGPASSWORD: superuserPassword,
      REPLICATION_USER: replication.user,
      REPLICATION_PASSWORD: replication.password,
      SLOT_NAME: replication.slot,
      PG_BIN_DIR: pgBinDir,
    });
    if (primaryInit.code !== 0) throw new Error(`init-primary.sh failed:\n${primaryInit.output}`);

    // a fresh, empty volume, owned by postgres as the image's /var/lib/postgresql is
    mkdirSync(replicaVolume);
    ownedByPostgres(replicaVolume);
    const replicaInit = await initReplica();
    if (replicaInit.code !== 0) throw new Error(`init-replica.sh failed:\n${replicaInit.output}`);
    await startServer(replicaDir, replicaPort);

    primary = await connect(primaryPort);
    replica = await connect(replicaPort);
  });

  afterAll(async () => {
    await Promise.allSettled([primary?.end(), replica?.end()]);
    await stopServer(replicaDir);
    await stopServer(primaryDir);
    rmSync(work, { recursive: true, force: true });
  });

  it('creates a login role with the REPLICATION attribute and a slot that already holds WAL', async () => {
    const role = await primary.query('select rolcanlogin, rolreplication from pg_roles where rolname = $1', [
      replication.user,
    ]);
    expect(role.rows).toEqual([{ rolcanlogin: true, rolreplication: true }]);
    const slot = await primary.query(
      'select slot_type, restart_lsn is not null as reserves_wal from pg_replication_slots where slot_name = $1',
      [replication.slot],
    );
    expect(slot.rows).toEqual([{ slot_type: 'physical', reserves_wal: true }]);
  });

  it('admits replication connections for that role only, with a password', async () => {
    const rules = await primary.query(
      "select user_name, address, auth_method from pg_hba_file_rules where 'replication' = any(database)",
    );
    expect(rules.rows).toEqual([
      { user_name: [replication.user], address: 'samenet', auth_method: 'scram-sha-256' },
    ]);
  });

  it('turns an empty volume into a hot standby that streams through its slot', async () => {
    expect((await replica.query('select pg_is_in_recovery() as standby')).rows).toEqual([{ standby: true }]);
    expect((await replica.query('show primary_slot_name')).rows).toEqual([
      { primary_slot_name: replication.slot },
    ]);
    await waitFor('the primary to report the replica as streaming', async () => {
      const senders = await primary.query(
        "select 1 from pg_stat_replication where usename = $1 and state = 'streaming'",
        [replication.user],
      );
      return senders.rowCount === 1;
    });
    const slot = await primary.query('select active from pg_replication_slots where slot_name = $1', [
      replication.slot,
    ]);
    expect(slot.rows).toEqual([{ active: true }]);
    await expect(replica.query('create table not_here (id int)')).rejects.toThrow(/read-only transaction/);
  });

  it('shows a row committed on the primary once the replica has replayed its WAL position', async () => {
    const token = randomUUID();
    await primary.query('create table replication_probe (token text primary key)');
    await primary.query('insert into replication_probe values ($1)', [token]);
    const written = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
    const lsn = written.rows[0]?.lsn;
    expect(lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
    await waitFor(`the replica to replay up to ${lsn}`, async () => {
      const replayed = await replica.query<{ done: boolean }>(
        'select pg_last_wal_replay_lsn() >= $1::pg_lsn as done',
        [lsn],
      );
      return replayed.rows[0]?.done === true;
    });
    expect((await replica.query('select token from replication_probe')).rows).toEqual([{ token }]);
  });

  it('leaves an initialised data directory alone on a restart and hands over to its arguments', async () => {
    // pg_basebackup into a non-empty directory would fail, so success means it was skipped
    const restart = await initReplica(['printf', 'handed over']);
    expect(restart).toEqual({ code: 0, output: 'handed over' });
    expect((await replica.query('select pg_is_in_recovery() as standby')).rows).toEqual([{ standby: true }]);
  });

  it('refuses to start without the replication password instead of prompting for it', async () => {
    const result = await initReplica([], { REPLICATION_PASSWORD: '' });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('REPLICATION_PASSWORD must be set');
  });
});

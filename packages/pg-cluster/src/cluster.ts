import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { type PgBinaries, resolveBinaries } from './binaries.ts';
import { findFreePort, isPortFree } from './ports.ts';
import { ReplicaControl } from './replica-control.ts';
import { postmasterDead, serverProcesses } from './server-processes.ts';
import { chownTree, resolveServerUser, runAs, type ServerUser } from './server-user.ts';
import { hbaRules, renderSettings } from './settings.ts';

export interface ClusterOptions {
  /** Holds primary/, replica/ and cluster.json. Reused when it already holds a cluster. */
  dataDir: string;
  /** Directory of initdb/pg_ctl/postgres; defaults to the npm package's. */
  binDir?: string;
  /** When started as root: the account PostgreSQL runs as, tried before postgres and nobody. */
  serverUser?: string;
  durable?: boolean;
  database?: string;
}

interface ClusterState {
  password: string;
  primaryPort: number;
  replicaPort: number;
}

const superuser = 'holdfast';

export class PgCluster {
  readonly replica: ReplicaControl;
  readonly #options: Required<Omit<ClusterOptions, 'binDir' | 'serverUser'>>;
  readonly #binaries: PgBinaries;
  readonly #user: ServerUser | undefined;
  /** The servers this instance started, as opposed to found running (another process's, or db:up's). */
  readonly #startedHere = new Set<'primary' | 'replica'>();
  #state: ClusterState;

  private constructor(
    options: ClusterOptions,
    binaries: PgBinaries,
    user: ServerUser | undefined,
    state: ClusterState,
  ) {
    this.#options = { durable: false, database: 'holdfast', ...options };
    this.#binaries = binaries;
    this.#user = user;
    this.#state = state;
    // the maintenance database always exists, even before ours is created
    this.replica = new ReplicaControl(
      () => this.url('primary', 'postgres'),
      () => this.url('replica', 'postgres'),
      (action) => this.#pgCtl('replica', action),
    );
  }

  /** Initialises a fresh primary + streaming replica, or reuses the pair already in dataDir, and starts both. */
  static async start(options: ClusterOptions): Promise<PgCluster> {
    const binaries = resolveBinaries(options.binDir);
    const user = resolveServerUser(options.serverUser);
    const dataDir = path.resolve(options.dataDir);
    const statePath = path.join(dataDir, 'cluster.json');
    const fresh = !existsSync(statePath);
    const state: ClusterState = fresh
      ? { password: randomBytes(18).toString('base64url'), primaryPort: 0, replicaPort: 0 }
      : JSON.parse(readFileSync(statePath, 'utf8'));
    const cluster = new PgCluster({ ...options, dataDir }, binaries, user, state);
    if (fresh) await cluster.#initialise();
    await cluster.#startServers();
    if (fresh) await cluster.#createDatabase();
    return cluster;
  }

  /** Stops a pair left running in dataDir (by `db:up`, say) without starting anything. */
  static async stopAt(options: ClusterOptions): Promise<boolean> {
    const dataDir = path.resolve(options.dataDir);
    const statePath = path.join(dataDir, 'cluster.json');
    if (!existsSync(statePath)) return false;
    const state: ClusterState = JSON.parse(readFileSync(statePath, 'utf8'));
    const cluster = new PgCluster(
      { ...options, dataDir },
      resolveBinaries(options.binDir),
      resolveServerUser(options.serverUser),
      state,
    );
    const wasRunning = await cluster.#isRunning('primary');
    await cluster.stop();
    return wasRunning;
  }

  /** A superuser URL for a database on the primary or the replica. */
  url(server: 'primary' | 'replica', database = this.#options.database): string {
    const port = server === 'primary' ? this.#state.primaryPort : this.#state.replicaPort;
    return `postgres://${superuser}:${this.#state.password}@127.0.0.1:${port}/${database}`;
  }

  /** The URL with its password masked, for printing. */
  displayUrl(server: 'primary' | 'replica', database?: string): string {
    return this.url(server, database).replace(`:${this.#state.password}@`, ':***@');
  }

  get dataDir(): string {
    return this.#options.dataDir;
  }

  get binaries(): PgBinaries {
    return this.#binaries;
  }

  /** Whether this instance started a server (which `release` will stop), rather than attaching to a running pair. */
  get startedServers(): boolean {
    return this.#startedHere.size > 0;
  }

  /**
   * Stops the servers this instance started and leaves running the ones it found running: a
   * second process that attached to the pair (and failed, or exits) must not pull it from under
   * the process that started it.
   */
  async release(): Promise<void> {
    for (const server of ['replica', 'primary'] as const) {
      if (this.#startedHere.delete(server) && (await this.#isRunning(server)))
        await this.#pgCtl(server, 'stop');
    }
  }

  /** Stops both servers, whoever started them (`db:down`, tests). */
  async stop(): Promise<void> {
    for (const server of ['replica', 'primary'] as const) {
      if (await this.#isRunning(server)) await this.#pgCtl(server, 'stop');
    }
  }

  /**
   * Sends `signal` to every process of one server, for fault tests: SIGSTOP freezes it as a hung
   * machine would (SIGCONT thaws it), SIGKILL crashes it (`restart` brings it back).
   */
  async signal(server: 'primary' | 'replica', signal: NodeJS.Signals): Promise<void> {
    for (const pid of await serverProcesses(this.#dir(server))) {
      try {
        process.kill(pid, signal);
      } catch {
        // a backend that exited since the listing needs no signal
      }
    }
  }

  /** Starts a server that crashed or was stopped; crash recovery runs as on any PostgreSQL start. */
  async restart(server: 'primary' | 'replica'): Promise<void> {
    if (!(await postmasterDead(this.#dir(server)))) return;
    rmSync(path.join(this.#dir(server), 'postmaster.pid'), { force: true });
    await this.#pgCtl(server, 'start');
  }

  /** Stops both servers and deletes the data folder: for throwaway test clusters. */
  async destroy(): Promise<void> {
    await this.stop().catch(() => undefined);
    rmSync(this.#options.dataDir, { recursive: true, force: true });
  }

  /**
   * There is no pg_basebackup among the npm binaries, so the replica is a copy of the
   * primary's folder taken right after initdb, while the primary has never run: a copy of a
   * cleanly stopped cluster is a valid base backup.
   */
  async #initialise(): Promise<void> {
    const { dataDir } = this.#options;
    mkdirSync(dataDir, { recursive: true });
    chmodSync(dataDir, 0o755);
    const pwFile = path.join(dataDir, '.pwfile');
    writeFileSync(pwFile, this.#state.password, { mode: 0o600 });
    chownTree(dataDir, this.#user);
    const primaryDir = this.#dir('primary');
    await runAs(this.#user, this.#binaries.initdb, [
      '-D',
      primaryDir,
      '-U',
      superuser,
      `--pwfile=${pwFile}`,
      '--auth=scram-sha-256',
      '-E',
      'UTF8',
      '--locale=C',
    ]);
    rmSync(pwFile);
    writeFileSync(path.join(primaryDir, 'pg_hba.conf'), hbaRules);
    appendFileSync(path.join(primaryDir, 'postgresql.conf'), "\ninclude_if_exists = 'holdfast.conf'\n");
    const replicaDir = this.#dir('replica');
    cpSync(primaryDir, replicaDir, { recursive: true });
    writeFileSync(path.join(replicaDir, 'standby.signal'), '');
    chmodSync(replicaDir, 0o700);
    chownTree(dataDir, this.#user);
  }

  async #startServers(): Promise<void> {
    const state = this.#state;
    for (const server of ['primary', 'replica'] as const) {
      if (await this.#isRunning(server)) continue;
      const key = server === 'primary' ? 'primaryPort' : 'replicaPort';
      if (!state[key] || !(await isPortFree(state[key]))) state[key] = await findFreePort();
    }
    writeFileSync(path.join(this.#options.dataDir, 'cluster.json'), JSON.stringify(state, null, 2), {
      mode: 0o600,
    });
    const conninfo = `host=127.0.0.1 port=${state.primaryPort} user=${superuser} password=${state.password} application_name=holdfast_replica`;
    this.#writeSettings(
      'primary',
      renderSettings({ port: state.primaryPort, durable: this.#options.durable }),
    );
    this.#writeSettings(
      'replica',
      renderSettings({ port: state.replicaPort, durable: this.#options.durable, primaryConninfo: conninfo }),
    );
    for (const server of ['primary', 'replica'] as const) {
      if (await this.#isRunning(server)) continue;
      await this.#pgCtl(server, 'start');
      this.#startedHere.add(server);
    }
  }

  async #createDatabase(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url('primary', 'postgres') });
    await client.connect();
    try {
      await client.query(`create database "${this.#options.database}"`);
    } finally {
      await client.end();
    }
    await this.replica.waitForReplay();
  }

  #writeSettings(server: 'primary' | 'replica', text: string): void {
    const file = path.join(this.#dir(server), 'holdfast.conf');
    writeFileSync(file, text, { mode: 0o600 });
    if (this.#user) chownSync(file, this.#user.uid, this.#user.gid);
  }

  #dir(server: 'primary' | 'replica'): string {
    return path.join(this.#options.dataDir, server);
  }

  async #isRunning(server: 'primary' | 'replica'): Promise<boolean> {
    return this.#pgCtl(server, 'status').then(
      () => true,
      () => false,
    );
  }

  #pgCtl(server: 'primary' | 'replica', action: 'start' | 'stop' | 'status'): Promise<string> {
    const dir = this.#dir(server);
    const args = ['-D', dir];
    if (action === 'start') args.push('-l', path.join(dir, 'server.log'), '-w', '-t', '60', 'start');
    else if (action === 'stop') args.push('-m', 'fast', '-w', 'stop');
    else args.push('status');
    return runAs(this.#user, this.#binaries.pgCtl, args);
  }
}

export interface DatabaseConfig {
  primaryUrl: string;
  replicaUrls: string[];
  /** Connections per pool (each server gets its own pool). */
  poolSize: number;
}

export class ConfigError extends Error {}

function parseUrl(name: string, value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a URL`);
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError(`${name} must be a postgres:// URL, got ${url.protocol}//`);
  }
  if (!url.pathname || url.pathname === '/') throw new ConfigError(`${name} must name a database`);
  return value;
}

function positiveInteger(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed <= 0) throw new ConfigError(`${name} must be a positive integer`);
  return parsed;
}

/** Reads DATABASE_URL and DATABASE_REPLICA_URLS (comma-separated, may be empty). Errors never echo the URLs: they hold passwords. */
export function databaseConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  if (!env.DATABASE_URL) throw new ConfigError('DATABASE_URL is not set');
  const replicaUrls = (env.DATABASE_REPLICA_URLS ?? '')
    .split(',')
    .map((url) => url.trim())
    .filter(Boolean)
    .map((url, index) => parseUrl(`DATABASE_REPLICA_URLS[${index}]`, url));
  return {
    primaryUrl: parseUrl('DATABASE_URL', env.DATABASE_URL),
    replicaUrls,
    poolSize: positiveInteger('DATABASE_POOL_SIZE', env.DATABASE_POOL_SIZE, 20),
  };
}

import { ConfigError } from './config-error.ts';

/**
 * Loads a package that development installs have and a production install (`npm ci
 * --omit=dev`) leaves out, such as the embedded PostgreSQL or the demo catalog's faker; when it
 * is missing, the ConfigError says what needs it instead of a bare module-not-found.
 */
export async function importDevDependency<T>(load: () => Promise<T>, neededFor: string): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    throw new ConfigError(
      `${neededFor} needs the development dependencies, which a production install (npm ci --omit=dev) leaves out`,
    );
  }
}

import path from 'node:path';
import { isExecutable } from '@holdfast/pg-cluster';

/**
 * The path of a tool the tests cannot do without. A missing tool fails the test with the
 * way to install it, rather than skipping it and passing without having checked anything.
 */
export function requireTool(
  name: string,
  howToInstall: string,
  dirs = (process.env.PATH ?? '').split(path.delimiter),
): string {
  for (const dir of dirs) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  throw new Error(`${name} is required but was not found in ${dirs.join(path.delimiter)}: ${howToInstall}`);
}

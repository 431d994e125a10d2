import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const serverDir = fileURLToPath(new URL('../../server/', import.meta.url));

/**
 * The server's entry point and the Node flags its start script gives it (heap sizing among
 * them, for each of its processes): the bench measures the server as `npm start` runs it, without
 * npm in between, so the process tree whose memory and CPU are read is the server's own, its
 * primary and workers.
 */
export function serverCommand(): { script: string; nodeArgs: string[] } {
  const manifest = JSON.parse(readFileSync(`${serverDir}package.json`, 'utf8')) as {
    scripts: { start: string };
  };
  const [command, ...words] = manifest.scripts.start.split(' ');
  const script = words.at(-1);
  if (command !== 'node' || !script?.endsWith('.ts'))
    throw new Error(`apps/server's start script is not "node [flags] <script>": ${manifest.scripts.start}`);
  return { script: serverDir + script, nodeArgs: words.slice(0, -1) };
}

import { stdin, stdout } from 'node:process';
import { parseArgs } from 'node:util';
import { readEnvironment } from '@holdfast/db';
import { connectFromEnv } from '@holdfast/db/connect-from-env';
import { ensureAdmin } from '../admin/admins.ts';

// Makes an account an admin: `node packages/api/src/cli/create-admin.ts --email x`, the password from
// ADMIN_PASSWORD or stdin (never an argument, which other users of the machine can see in `ps`).
const { values } = parseArgs({ options: { email: { type: 'string' } } });
if (!values.email) {
  console.error(
    'Usage: npm run admin:create -- --email admin@example.com  (password from ADMIN_PASSWORD or stdin)',
  );
  process.exit(2);
}
const password = readEnvironment().ADMIN_PASSWORD ?? (await readPassword());

const { db, stop } = await connectFromEnv();
try {
  const outcome = await ensureAdmin(
    db,
    { email: values.email, password },
    { existingAdmin: 'reset_password' },
  );
  const said = {
    created: 'created',
    promoted: 'promoted to admin; its password is now the one given and its sessions have ended',
    password_reset: 'already an admin; its password is now the one given and its sessions have ended',
    already_admin: 'already an admin',
  };
  console.log(`${values.email}: ${said[outcome]}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
} finally {
  await stop();
}

/** One line from stdin; typed at a terminal, it is not echoed. */
async function readPassword(): Promise<string> {
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  stdout.write('Password: ');
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const finish = () => {
      stdin.off('data', onKeys);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write('\n');
    };
    const onKeys = (keys: string) => {
      for (const key of keys) {
        if (key === '\r' || key === '\n') {
          finish();
          return resolve(typed);
        }
        if (key === '\u0003') {
          finish();
          return reject(new Error('cancelled'));
        }
        typed = key === '\u007f' || key === '\b' ? typed.slice(0, -1) : typed + key;
      }
    };
    stdin.on('data', onKeys);
  });
}

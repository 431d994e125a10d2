import { ensureAdmin } from '@holdfast/api';
import { applyMigrations, Database, databaseConfig, type Environment, seedCatalog } from '@holdfast/db';
import type { Logger } from 'pino';
import type { ServerConfig } from './config.ts';
import { databaseLogging } from './logger.ts';
import { verifyDatabase, warnOnConnectionBudget } from './startup-checks.ts';

/**
 * The work done once per start, before any server process serves: refuse a wrong database,
 * migrate, seed the demo catalog, make the admin. On a connection of its own, closed after.
 * Answers what the start banner says of the data.
 */
export async function prepareDatabase(
  environment: Environment,
  config: ServerConfig,
  logger: Logger,
): Promise<string> {
  const db = await Database.connect(databaseConfig(environment), databaseLogging(logger));
  try {
    await verifyDatabase(db, logger);
    await warnOnConnectionBudget(db, logger, {
      processes: environment.SERVER_PROCESSES,
      poolSize: environment.DATABASE_POOL_SIZE,
    });
    const applied = await applyMigrations(db);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    let data = 'the database at DATABASE_URL, not seeded';
    if (config.seedDemoCatalog) {
      const seeded = await db.withoutTimeouts((orm) => seedCatalog(orm.em.fork(), { products: 300 }));
      if (seeded.seeded) logger.info(seeded, 'demo catalog seeded');
      data = seeded.seeded
        ? `seeded a new demo catalog (${seeded.products} products)`
        : 'reused what was there (nothing seeded)';
    }
    if (config.admin) {
      const outcome = await ensureAdmin(db, config.admin, { existingAdmin: 'keep' });
      logger.info({ email: config.admin.email, outcome }, 'admin account from ADMIN_EMAIL');
    }
    return data;
  } finally {
    await db.close();
  }
}

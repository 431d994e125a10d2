import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer, type QueryLogEntry, redactSql } from '../src/index.ts';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.ts';

describe('redactSql', () => {
  it('replaces every string literal, including ones with doubled quotes and E-strings', () => {
    const sql = `select * from customer where email = 'ada@example.com' and note = 'it''s a secret' or token = E'a\\\\b-tok3n'`;
    const redacted = redactSql(sql);
    for (const secret of ['ada@example.com', 'secret', 'tok3n', "it''s"])
      expect(redacted).not.toContain(secret);
    expect(redacted).toBe(`select * from customer where email = '…' and note = '…' or token = '…'`);
  });

  it('replaces dollar-quoted strings', () => {
    expect(redactSql('select $$tok3n$$, $tag$more tok3n$tag$')).toBe("select '…', '…'");
  });

  it('leaves SQL without literals as it was', () => {
    const sql = 'select "c0"."id" from "customer" as "c0" where "c0"."id" = ? limit 1';
    expect(redactSql(sql)).toBe(sql);
  });
});

describe('the query log of a real Database', () => {
  const entries: QueryLogEntry[] = [];
  const email = 'grace.hopper@example.com';
  const passwordHash = 'scrypt$never-log-this';
  let t: TestDatabase;

  beforeAll(async () => {
    t = await createTestDatabase({ querySink: (entry) => entries.push(entry) });
  });
  afterAll(() => t?.drop());

  it('never holds an email or a password hash, whether the ORM or raw SQL carried it', async () => {
    entries.length = 0;
    const em = t.db.primaryEm();
    em.create(Customer, { email, passwordHash });
    await em.flush();
    await t.replicaCaughtUp();
    await (await t.db.readEm({ freshnessBudgetMs: 60_000 })).findOneOrFail(Customer, { email });
    await t.db
      .primaryEm()
      .getConnection()
      .execute(`select id from customer where email = '${email}' and password_hash = '${passwordHash}'`);

    expect(entries.some((entry) => entry.sql.startsWith('insert into "customer"'))).toBe(true);
    expect(entries.some((entry) => entry.sql.includes("where email = '…'"))).toBe(true);
    const logged = JSON.stringify(entries);
    expect(logged).not.toContain('grace.hopper');
    expect(logged).not.toContain('never-log-this');
    // the rows did arrive: the log is quiet about values, not about work
    expect(await t.sql('primary', 'select email from customer where email = $1', [email])).toEqual([
      { email },
    ]);
  });
});

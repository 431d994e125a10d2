import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureDeclarations } from '../src/root.ts';
import { currentProcedure } from '../src/routing.ts';
import { accessTable } from './access-table.ts';
import { type Probe, procedureProbes } from './probes.ts';
import { routingTableMarkdown, routingTableSection } from './routing-table.ts';

interface LoggedStatement {
  procedure: string | undefined;
  connection: string;
  sql: string;
}

const statements: LoggedStatement[] = [];
let t: TestDatabase;
let probes: Record<string, Probe>;

beforeAll(async () => {
  t = await createTestDatabase({
    // every statement with the server that ran it and the procedure whose work it was, however nested
    querySink: ({ connection, sql }) => statements.push({ procedure: currentProcedure(), connection, sql }),
  });
  probes = await procedureProbes(t);
});
afterAll(() => t.drop());

const procedures = procedureDeclarations.map((declaration): [string, typeof declaration] => [
  declaration.path,
  declaration,
]);

describe('routing, proven from the query log', () => {
  it('every procedure declares where it reads, and has a probe to prove it', () => {
    const undeclared = procedures.filter(([, { meta }]) => meta?.reads === undefined).map(([path]) => path);
    expect(undeclared, 'add .meta(readsPrimary()) or .meta(readsReplica(...))').toEqual([]);
    expect(Object.keys(probes).sort()).toEqual(procedures.map(([path]) => path));
  });

  it('the table in docs/routing.md is the one the declarations make', () => {
    expect(routingTableSection.read(), 'run `npm run routing-table -w @holdfast/api`').toBe(
      routingTableMarkdown(),
    );
  });

  it.each(procedures)('%s runs every statement on the server it declares', async (path, { meta }) => {
    const probe = probes[path];
    if (!probe || !meta?.reads) throw new Error(`${path} has no probe or no declaration`);
    // a replica that is up and holds everything: a replica read has no reason to leave it
    await t.replicaCaughtUp();
    await t.db.refreshHealth();
    statements.length = 0;
    await probe.call(accessTable[path]?.outcomes.owner === 'allowed' ? 'owner' : 'admin');
    const own = statements.filter((statement) => statement.procedure === path);
    expect(own.length, `${path} ran no statement`).toBeGreaterThan(0);
    const expected = meta.reads === 'primary' ? 'primary' : 'replica-1';
    const elsewhere = own.filter((statement) => statement.connection !== expected);
    expect(elsewhere, `${path} declares ${expected}`).toEqual([]);
  });
});

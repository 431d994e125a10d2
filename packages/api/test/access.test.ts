import { createTestDatabase, type TestDatabase } from '@holdfast/db/testing';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { procedureDeclarations } from '../src/root.ts';
import {
  accessTable,
  accessTableMarkdown,
  accessTableSection,
  callers,
  type Outcome,
} from './access-table.ts';
import { type Probe, procedureProbes } from './probes.ts';

let t: TestDatabase;
let probes: Record<string, Probe>;

beforeAll(async () => {
  t = await createTestDatabase();
  probes = await procedureProbes(t);
});
afterAll(() => t.drop());

async function outcomeOf(call: Promise<unknown>): Promise<{ outcome: Outcome | string; message?: string }> {
  try {
    await call;
    return { outcome: 'allowed' };
  } catch (error) {
    if (!(error instanceof TRPCError)) throw error;
    return { outcome: error.code, message: error.message };
  }
}

const procedures = procedureDeclarations.map(({ path }) => path);

describe('the access table', () => {
  it('has a row and a probe for every procedure of the router, and each row names the builder it is declared with', () => {
    expect(Object.keys(accessTable).sort()).toEqual(procedures);
    expect(Object.keys(probes).sort()).toEqual(procedures);
    const declared = Object.fromEntries(procedureDeclarations.map(({ path, meta }) => [path, meta?.access]));
    expect(declared).toEqual(Object.fromEntries(procedures.map((path) => [path, accessTable[path]?.access])));
  });

  it('is the one in the README', () => {
    expect(accessTableSection.read(), 'run `npm run access-table -w @holdfast/api`').toBe(
      accessTableMarkdown(),
    );
  });

  it.each(procedures)('%s: every caller gets what the table says', async (path) => {
    const row = accessTable[path];
    const probe = probes[path];
    if (!row || !probe) throw new Error(`no row or probe for ${path}`);
    const missing = probe.missing ? await outcomeOf(probe.missing()) : undefined;
    for (const who of callers) {
      const got = await outcomeOf(probe.call(who));
      expect(got.outcome, `${path} as ${who}`).toBe(row.outcomes[who]);
      // someone else's cart or order is answered exactly like one that does not exist
      if (got.outcome === 'NOT_FOUND') expect(got, `${path} as ${who}`).toEqual(missing);
    }
  });
});

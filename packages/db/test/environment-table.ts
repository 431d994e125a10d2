import { z } from 'zod';
import { environmentSchema, variableDocs } from '../src/environment.ts';
import { ReadmeSection } from '../src/testing/readme-section.ts';

// The README's configuration table, generated from the environment schema (descriptions and
// defaults live there). Run `npm run config-table -w @holdfast/db` after changing the schema.

function shownDefault(schema: z.ZodType): string {
  const doc = variableDocs.get(schema);
  if (doc?.shownDefault) return doc.shownDefault;
  if (schema instanceof z.ZodDefault) return String(schema.def.defaultValue);
  return 'none';
}

export function environmentTableMarkdown(): string {
  const rows = Object.entries(environmentSchema.shape).map(([name, schema]) => {
    const doc = variableDocs.get(schema);
    if (!doc) throw new Error(`${name} has no description in the environment schema`);
    return `| \`${name}\` | ${shownDefault(schema)} | ${doc.description} |`;
  });
  return ['| variable | default | meaning |', '| --- | --- | --- |', ...rows].join('\n');
}

export const environmentTableSection = new ReadmeSection(
  'configuration-table',
  'npm run config-table -w @holdfast/db',
);

if (import.meta.main) environmentTableSection.write(environmentTableMarkdown());

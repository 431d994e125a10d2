import { fileURLToPath } from 'node:url';
import { ReadmeSection } from '@holdfast/db/readme-section';
import { procedureDeclarations } from '../src/root.ts';

// Where every procedure reads, as its meta declares it: published in docs/routing.md and checked
// to be current by routing.test.ts. Run `npm run routing-table -w @holdfast/api` after changing one.

function seconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`;
}

export function routingTableMarkdown(): string {
  const rows = procedureDeclarations.map(({ path, type, meta }) => {
    const reads = meta?.reads;
    const where =
      reads === undefined
        ? '**undeclared**'
        : reads === 'primary'
          ? 'primary'
          : `replica (scope \`${reads.replica}\`), else primary`;
    const budget = typeof reads === 'object' ? seconds(reads.freshnessBudgetMs) : '';
    const pins = meta?.pins?.map((scope) => `\`${scope}\``).join(', ') ?? '';
    return `| \`${path}\` | ${type} | ${where} | ${budget} | ${type === 'mutation' ? 'primary' : ''} | ${pins} |`;
  });
  return [
    '| procedure | kind | reads | freshness budget | writes | pins reads of |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

export const routingTableSection = new ReadmeSection(
  'routing-table',
  'npm run routing-table -w @holdfast/api',
  fileURLToPath(new URL('../../../docs/routing.md', import.meta.url)),
);

if (import.meta.main) routingTableSection.write(routingTableMarkdown());

import type pg from 'pg';
import { catalogSql } from './catalog-sql.ts';
import { percentile } from './stats.ts';

// a relevance search reads its candidates from this index (product-search.ts, candidatesPerWord)
const termIndexName = 'product_search_term_rank_index';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Relation Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  'Rows Removed by Filter'?: number;
  Plans?: PlanNode[];
}

export interface SearchExplainResult {
  runs: number;
  executionP50Ms: number;
  executionP99Ms: number;
  executionMaxMs: number;
  planningP50Ms: number;
  /** Runs whose plan takes its candidates from product_search_term_rank_index. */
  runsUsingIndex: number;
  /** Product rows each search read (kept or filtered out): the work that once grew with the matches. */
  productsReadP50: number;
  productsReadMax: number;
  samplePlan: string;
  sampleWord: string;
}

/** The words that occur in the most product names: the searches with the most matches, which ranking every match made the dearest. */
export async function commonNameWords(replica: pg.Client, count: number): Promise<string[]> {
  const { rows } = await replica.query<{ word: string }>(
    `select word from ts_stat('select to_tsvector(''simple'', name) from product')
      where length(word) >= 3 and word ~ '^[a-z]+$'
      order by ndoc desc, word limit $1`,
    [count],
  );
  return rows.map((row) => row.word);
}

function* planNodes(node: PlanNode): Generator<PlanNode> {
  yield node;
  for (const child of node.Plans ?? []) yield* planNodes(child);
}

function productsRead(plan: PlanNode): number {
  let rows = 0;
  for (const node of planNodes(plan))
    if (node['Relation Name'] === 'product')
      rows +=
        ((node['Actual Rows'] ?? 0) + (node['Rows Removed by Filter'] ?? 0)) * (node['Actual Loops'] ?? 1);
  return rows;
}

/**
 * EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) of the API's search query on the replica, one word per
 * run. Without TIMING OFF, reading the clock around every row of every plan node added 20-40% to
 * the statement's time on this VM; the statement's own run time is measured either way. The
 * sample plan keeps per-node timings, for reading. A first pass over the words is not measured:
 * the question is what a search costs on a warm server, not how fast this machine's disk fills
 * the cache.
 */
export async function explainSearches(replica: pg.Client, words: string[]): Promise<SearchExplainResult> {
  const explain = async (word: string, format: 'json' | 'text') => {
    const { text, values } = catalogSql({ q: word, limit: 24 });
    // prepared and then explained by name, as the API runs it: EXPLAIN of the statement itself
    // would plan it for this word, where the API's replica sessions run one plan for every word
    await replica.query({ name: 'search', text, values });
    const literals = values.map((value) => replica.escapeLiteral(String(value))).join(', ');
    const timing = format === 'json' ? ', timing off' : '';
    return replica.query(
      `explain (analyze, buffers${timing}, format ${format}) execute "search"(${literals})`,
    );
  };
  for (const word of words) await explain(word, 'json');

  const execution: number[] = [];
  const planning: number[] = [];
  const read: number[] = [];
  let runsUsingIndex = 0;
  for (const word of words) {
    const { rows } = await explain(word, 'json');
    const [report] = (
      rows[0] as { 'QUERY PLAN': { Plan: PlanNode; 'Execution Time': number; 'Planning Time': number }[] }
    )['QUERY PLAN'];
    if (!report) throw new Error('EXPLAIN returned no plan');
    execution.push(report['Execution Time']);
    planning.push(report['Planning Time']);
    if ([...planNodes(report.Plan)].some((node) => node['Index Name'] === termIndexName)) runsUsingIndex++;
    read.push(productsRead(report.Plan));
  }
  const sampleWord = words[0] ?? '';
  const { rows: planRows } = await explain(sampleWord, 'text');
  return {
    runs: words.length,
    executionP50Ms: percentile(execution, 50),
    executionP99Ms: percentile(execution, 99),
    executionMaxMs: Math.max(...execution),
    planningP50Ms: percentile(planning, 50),
    runsUsingIndex,
    productsReadP50: percentile(read, 50),
    productsReadMax: Math.max(0, ...read),
    samplePlan: planRows.map((row) => (row as { 'QUERY PLAN': string })['QUERY PLAN']).join('\n'),
    sampleWord,
  };
}

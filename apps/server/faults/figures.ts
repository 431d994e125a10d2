import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';

declare module 'vitest' {
  export interface ProvidedContext {
    faultFiguresPath: string;
  }
}

export type Figures = Record<string, string | number>;

/** Files run in workers: each scenario appends its figures to one file, and the run prints them as a table at the end. */
export function recordFigures(scenario: string, figures: Figures): void {
  appendFileSync(inject('faultFiguresPath'), `${JSON.stringify({ scenario, ...figures })}\n`);
}

/** Vitest global setup: a fresh figures file, printed as a table when the run ends. */
export default function setup({ provide }: { provide: (key: 'faultFiguresPath', value: string) => void }) {
  const file = path.join(os.tmpdir(), `holdfast-fault-figures-${process.pid}.jsonl`);
  rmSync(file, { force: true });
  provide('faultFiguresPath', file);
  return () => {
    if (!existsSync(file)) return;
    const rows = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { scenario: string } & Figures);
    rmSync(file, { force: true });
    console.log('\nFault suite figures');
    for (const { scenario, ...figures } of rows) {
      const cells = Object.entries(figures).map(([name, value]) => `${name}=${value}`);
      console.log(`  ${scenario.padEnd(34)} ${cells.join('  ')}`);
    }
  };
}

import { createHash } from 'node:crypto';

const names = new Map<string, string>();

/**
 * One name per statement text, the same in every process, so a pooled connection prepares it
 * once. A text named here is sent by its name wherever it runs with values (DiscardingClient).
 */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `hf_${createHash('sha256').update(text).digest('hex').slice(0, 32)}`;
    names.set(text, name);
  }
  return name;
}

/** The name `statementName` gave this text; undefined for any other SQL. */
export function preparedName(text: string): string | undefined {
  return names.get(text);
}

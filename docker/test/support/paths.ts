import path from 'node:path';

export const dockerDir = path.resolve(import.meta.dirname, '..', '..');
export const repoRoot = path.resolve(dockerDir, '..');

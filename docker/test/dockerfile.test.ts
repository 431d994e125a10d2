import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { describe, expect, it } from 'vitest';
import { dockerDir, repoRoot } from './support/paths.ts';

const dockerfileText = readFileSync(path.join(dockerDir, 'Dockerfile'), 'utf8');
const dockerfile = DockerfileParser.parse(dockerfileText);

/** The instructions of each build stage, in order; a stage starts at its FROM. */
function stages(): Instruction[][] {
  const result: Instruction[][] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') result.push([]);
    result.at(-1)?.push(instruction);
  }
  return result;
}

const argumentsOf = (instruction: Instruction) =>
  instruction.getArguments().map((argument) => argument.getValue());

// the image runs the Node the project brings as a dev dependency, which every test here ran on
const rootManifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
  devDependencies: Record<string, string>;
};
const nodeMajor = /\d+/.exec(rootManifest.devDependencies.node ?? '')?.[0];

describe('docker/Dockerfile', () => {
  // hadolint is neither in Debian bookworm nor on npm as a binary (the npm wrapper downloads
  // one at run time, which cannot work here), so dockerfile-utils is the linter we can run
  it('passes the dockerfile-utils linter without errors or warnings', () => {
    const problems = validate(dockerfileText).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
    expect(problems).toEqual([]);
  });

  it("runs the app on the project's Node (node:<major>-slim) in production mode as a non-root user", () => {
    const runtime = stages().at(-1) ?? [];
    expect(nodeMajor).toBeDefined();
    // a stage built FROM an earlier stage (by its AS name) inherits that stage's image
    const froms = stages().map((stage) => argumentsOf(stage[0] as Instruction));
    const stageNames = new Set(froms.map((from) => from[2]));
    const images = froms.map(([image]) => image).filter((image) => !stageNames.has(image));
    expect(images).toEqual([`node:${nodeMajor}-slim`, `node:${nodeMajor}-slim`]);
    const env = runtime.filter((i) => i.getKeyword() === 'ENV').flatMap(argumentsOf);
    expect(env).toContain('NODE_ENV=production');
    const user = runtime.filter((i) => i.getKeyword() === 'USER').at(-1);
    expect(user, 'the runtime stage sets no USER, so it runs as root').toBeDefined();
    expect(argumentsOf(user as Instruction)[0]).not.toMatch(/^(root|0)(:|$)/);
  });

  it('starts the server with node itself, in exec form, so SIGTERM reaches its graceful shutdown', () => {
    const cmd = stages()
      .at(-1)
      ?.filter((i) => i.getKeyword() === 'CMD')
      .at(-1);
    // with the Node flags of the server's own start script (the heap sizing that keeps its RSS down)
    const start = JSON.parse(readFileSync(path.join(repoRoot, 'apps/server/package.json'), 'utf8')).scripts
      .start as string;
    const flags = start.split(' ').filter((word) => word.startsWith('--'));
    expect(flags.length).toBeGreaterThan(0);
    expect(JSON.parse(cmd?.getArgumentsContent() ?? 'null')).toEqual([
      'node',
      ...flags,
      'apps/server/src/main.ts',
    ]);
  });

  it('installs dependencies from the manifests alone, so source edits keep the npm ci layer cached', () => {
    const deps = stages()[0] ?? [];
    const npmCi = deps.findIndex(
      (i) => i.getKeyword() === 'RUN' && /\bnpm ci\b/.test(i.getArgumentsContent() ?? ''),
    );
    expect(npmCi).toBeGreaterThan(0);
    const sources = deps
      .slice(0, npmCi)
      .filter((i) => i.getKeyword() === 'COPY')
      .flatMap((i) => argumentsOf(i).slice(0, -1));
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) expect(source).toMatch(/(^|\/)(package\.json|package-lock\.json|\.npmrc)$/);
  });

  it('bakes no secret into the image', () => {
    const declared = dockerfile
      .getInstructions()
      .filter((i) => i.getKeyword() === 'ENV' || i.getKeyword() === 'ARG')
      .flatMap(argumentsOf)
      .map((assignment) => assignment.split('=')[0]);
    expect(declared.filter((name) => /PASSWORD|SECRET|TOKEN|DATABASE_URL/i.test(name ?? ''))).toEqual([]);
    const ignored = readFileSync(path.join(dockerDir, 'Dockerfile.dockerignore'), 'utf8').split('\n');
    expect(ignored, 'docker/.env would reach the build context').toContain('docker/.env');
  });
});

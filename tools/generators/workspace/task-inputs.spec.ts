import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createProjectGraphAsync, type ProjectGraph, type TargetConfiguration } from '@nx/devkit';

// Nx replays a cached pass unless a target declares everything it reads; these are the reads that are not the
// project's own files. The project graph is Nx's own (plugins and target defaults merged), not a re-reading of project.json.
const workspaceRoot = path.resolve(__dirname, '../../..');
const DOCUMENT = '{workspaceRoot}/docs/providers/dinero/openapi-subset.json';

type Input = string | { env?: string; input?: string; projects?: string | string[] };

let graph: ProjectGraph;

function targetOf(project: string, target: string): TargetConfiguration {
  const config = graph.nodes[project]?.data.targets?.[target];
  if (!config) throw new Error(`${project} has no ${target} target`);
  return config;
}

const namedInputs = (
  JSON.parse(readFileSync(path.join(workspaceRoot, 'nx.json'), 'utf8')) as { namedInputs: Record<string, Input[]> }
).namedInputs;

/** A target's inputs with every named input replaced by what it names. */
function expanded(project: string, target: string): Input[] {
  const expand = (inputs: Input[]): Input[] =>
    inputs.flatMap((input) =>
      typeof input === 'string' && namedInputs[input] ? [input, ...expand(namedInputs[input])] : [input],
    );
  return expand((targetOf(project, target).inputs ?? []) as Input[]);
}

describe('task inputs', () => {
  beforeAll(async () => {
    process.env['NX_DAEMON'] = 'false';
    graph = await createProjectGraphAsync({ exitOnError: false });
  }, 120_000);

  it('provider-dinero:test depends on the sandbox it starts and the document it validates against', () => {
    const inputs = expanded('provider-dinero', 'test');
    expect(inputs).toContain(DOCUMENT);
    expect(inputs).toContainEqual({ input: 'production', projects: ['dinero-sandbox'] });
    expect(inputs).toContainEqual({ env: 'TZ' });
  });

  it('dinero-sandbox:test depends on the document and on the Chromium it is pointed at', () => {
    const inputs = expanded('dinero-sandbox', 'test');
    expect(inputs).toContain(DOCUMENT);
    expect(inputs).toContainEqual({ env: 'CHROMIUM_PATH' });
  });

  it('the built apps rebuild when the build script changes, and the e2e suite builds them and is never cached', () => {
    for (const app of ['api', 'dinero-sandbox'])
      expect(expanded(app, 'build')).toContain('{workspaceRoot}/tools/build/build-app.mjs');
    expect(targetOf('api-e2e', 'e2e')).toMatchObject({ cache: false, dependsOn: ['^build'] });
  });

  it('gives every project a format-check target', () => {
    const projects = Object.values(graph.nodes);
    expect(projects.length).toBeGreaterThan(5);
    for (const project of projects)
      expect([project.name, project.data.targets?.['format-check']?.options]).toEqual([
        project.name,
        { command: `prettier --check ${project.data.root}` },
      ]);
  });
});

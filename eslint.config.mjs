import nx from '@nx/eslint-plugin';

// Module boundaries are enforced here, not in prose: see ../shared/design/ARCHITECTURE.md "Layout".
const DEP_CONSTRAINTS = [
  { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contract', 'type:data', 'type:pure', 'type:provider'] },
  { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contract', 'type:testkit'] },
  { sourceTag: 'type:provider', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:pure', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:testkit', onlyDependOnLibsWithTags: ['type:contract'] },
  { sourceTag: 'type:data', onlyDependOnLibsWithTags: ['type:data', 'type:pure', 'type:contract'] },
  { sourceTag: 'type:contract', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'scope:sandbox', onlyDependOnLibsWithTags: [] },
  { sourceTag: 'type:tool', onlyDependOnLibsWithTags: [] },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  { ignores: ['**/dist', '**/node_modules', '**/tmp', '**/coverage', '**/data', '.nx/**'] },
  {
    files: ['**/*.ts', '**/*.js', '**/*.mjs'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: DEP_CONSTRAINTS,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Provider libs are mounted in exactly one place, so the host never names a provider anywhere else.
    files: ['**/*.ts'],
    ignores: ['apps/api/src/providers.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ledgerbridge/provider-*'],
              message: 'Provider libs are imported only in apps/api/src/providers.ts.',
            },
          ],
        },
      ],
    },
  },
  {
    // type:pure libs compute only: no I/O, no framework (the provider rule is repeated because this block replaces it).
    files: ['libs/mapping/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@ledgerbridge/provider-*'],
              message: 'Provider libs are imported only in apps/api/src/providers.ts.',
            },
            {
              group: ['node:*', 'fs', 'fs/*', 'path', 'http', 'https', 'net', 'child_process', 'os', 'crypto'],
              message: 'A type:pure lib does no I/O: take what it needs as arguments.',
            },
            { group: ['@nestjs/*', 'typeorm', 'bull', 'ioredis'], message: 'A type:pure lib uses no framework.' },
          ],
        },
      ],
    },
  },
  {
    // Only a provider's specs may use the conformance testkit; its production files stay on the contract alone.
    files: ['**/*.spec.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: DEP_CONSTRAINTS.map((c) =>
            c.sourceTag === 'type:provider'
              ? { ...c, onlyDependOnLibsWithTags: [...c.onlyDependOnLibsWithTags, 'type:testkit'] }
              : c,
          ),
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test-support/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];

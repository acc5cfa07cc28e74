// Shared by every project's jest.config.ts. SWC transpiles (with decorator metadata, which Nest's DI needs);
// type errors are caught by each project's `typecheck` target instead, which keeps the test run fast.
const nxPreset = require('@nx/jest/preset').default;

module.exports = {
  ...nxPreset,
  testEnvironment: 'node',
  transform: {
    '^.+\\.[tj]s$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'commonjs' },
        sourceMaps: 'inline',
      },
    ],
  },
  // file-type (receipt sniffing) and its helpers ship only as ES modules, which Jest cannot require on Node 20:
  // they are compiled to CommonJS like our own sources. Node itself requires them natively at run time.
  transformIgnorePatterns: [
    '/node_modules/(?!(file-type|strtok3|token-types|uint8array-extras|@tokenizer/inflate|@borewit/text-codec)/)',
  ],
  moduleFileExtensions: ['ts', 'js', 'json'],
};

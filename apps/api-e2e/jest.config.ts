const database = process.env['DATABASE_URL'] ? 'postgres' : 'sqlite';

export default {
  displayName: `api-e2e (${database})`,
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/src/test-support/global-setup.ts',
  globalTeardown: '<rootDir>/src/test-support/global-teardown.ts',
  testTimeout: 30000,
};

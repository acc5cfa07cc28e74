export default {
  displayName: `exports int (${process.env['DATABASE_URL'] ? 'postgres' : 'sqlite'})`,
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
};

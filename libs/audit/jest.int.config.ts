export default {
  displayName: `audit int (${process.env['DATABASE_URL'] ? 'postgres' : 'sqlite'})`,
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.int-spec.ts'],
};

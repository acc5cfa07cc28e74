export default {
  displayName: 'receipts',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  coverageDirectory: '../../coverage/libs/receipts',
  // Encoding a 16-megapixel image a few times takes seconds on a shared 2-core machine.
  testTimeout: 60000,
};

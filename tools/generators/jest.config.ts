export default {
  displayName: 'tools-generators',
  preset: '../../jest.preset.js',
  rootDir: '.',
  testMatch: ['<rootDir>/**/*.spec.ts'],
  // The templates under files/ are not this project's code (and end in __tmpl__ anyway).
  testPathIgnorePatterns: ['/files/'],
  coverageDirectory: '../../coverage/tools/generators',
};

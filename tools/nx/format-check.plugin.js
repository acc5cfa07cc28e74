// Gives every project a cached `format-check` target: `prettier --check` over the project's folder, so
// `nx run-many -t lint` can depend on it (see README "Tests"). A generated provider gets it with no edit.
const { dirname } = require('node:path');

const formatCheck = (root) => ({
  executor: 'nx:run-commands',
  cache: true,
  inputs: ['default', '{workspaceRoot}/.prettierrc', '{workspaceRoot}/.prettierignore'],
  options: { command: `prettier --check ${root}` },
});

const createNodesV2 = [
  '**/project.json',
  async (files) =>
    files
      .filter((file) => dirname(file) !== '.')
      .map((file) => {
        const root = dirname(file);
        return [file, { projects: { [root]: { targets: { 'format-check': formatCheck(root) } } } }];
      }),
];

module.exports = { createNodesV2, createNodes: createNodesV2 };

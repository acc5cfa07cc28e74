import defaultSeed from './default-seed.json';
import type { SandboxSeed } from './seed.types';

// A deep copy, so a test that edits its seed never changes the next test's.
export function loadDefaultSeed(): SandboxSeed {
  return structuredClone(defaultSeed) as SandboxSeed;
}

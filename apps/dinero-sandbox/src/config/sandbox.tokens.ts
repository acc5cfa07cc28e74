import type { SandboxOptions } from './sandbox.config';

export const SANDBOX_OPTIONS = Symbol('SANDBOX_OPTIONS');

// Options as the app runs with them: clock and randomness always present.
export type RunningOptions = Omit<SandboxOptions, 'now' | 'random'> & { now: () => number; random: () => number };

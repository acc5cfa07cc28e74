import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from './host-process';

const SCRIPT = join(REPO_ROOT, 'tools/scripts/services.sh');

/** Starts a private server with tools/scripts/services.sh and returns its URL. */
export function startService(kind: 'redis' | 'postgres', dir: string): string {
  return execFileSync('bash', [SCRIPT, kind, 'start', dir], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
}

export function stopService(kind: 'redis' | 'postgres', dir: string): void {
  execFileSync('bash', [SCRIPT, kind, 'stop', dir], { stdio: 'inherit' });
}

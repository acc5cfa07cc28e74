import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './test-support/host-process';

const SCRIPTS = join(REPO_ROOT, 'tools/scripts');

function banner(env: Record<string, string>): string {
  return execFileSync('bash', ['-c', 'set -euo pipefail; source tools/scripts/start-banner.sh; print_ready_banner'], {
    cwd: REPO_ROOT,
    env: { PATH: process.env['PATH'], PORT: '3999', DATA_DIR: './data-x', ...env },
    encoding: 'utf8',
  });
}

describe('npm start', () => {
  it('never prints the ADMIN_API_KEY the operator set', () => {
    const key = 'operator-chosen-admin-key-5f1c2a9e7d';
    const out = banner({ ADMIN_API_KEY: key });
    expect(out).not.toContain(key);
    expect(out).toContain('Admin key:   the ADMIN_API_KEY you set');
    expect(out).toContain('http://localhost:3999/docs');
  });

  it('points at the bootstrap key when none was set', () => {
    expect(banner({})).toContain('Admin key:   printed above on the first start with a fresh DATA_DIR');
  });

  it('expands ADMIN_API_KEY in no script, only tests whether it is set', () => {
    const expansions = readdirSync(SCRIPTS)
      .filter((name) => name.endsWith('.sh'))
      .flatMap((name) =>
        [...readFileSync(join(SCRIPTS, name), 'utf8').matchAll(/\$\{?ADMIN_API_KEY\b([^}]*)\}?/g)]
          .filter(([, rest]) => rest !== ':-' && !rest.startsWith(':+'))
          .map(([match]) => `${name}: ${match}`),
      );
    expect(expansions).toEqual([]);
  });
});

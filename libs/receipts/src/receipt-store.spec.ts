import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemReceiptStore, sha256Of } from './receipt-store';

// The store's own `open`, so one test can make a write fail half way.
jest.mock('node:fs/promises', () => {
  const actual = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
  return { ...actual, open: jest.fn(actual.open) };
});

/** Every file under `dir`, recursively, as paths relative to it. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

describe('FileSystemReceiptStore', () => {
  let root: string;
  let store: FileSystemReceiptStore;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'receipts-'));
    store = new FileSystemReceiptStore(root);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores bytes under <aa>/<sha256> and reads them back', async () => {
    const bytes = Buffer.from('%PDF-1.4 receipt one');
    const stored = await store.put(bytes);
    expect(stored).toEqual({ sha256: sha256Of(bytes), size: bytes.length });
    expect(filesUnder(root)).toEqual([join(stored.sha256.slice(0, 2), stored.sha256)]);
    expect(await store.get(stored.sha256)).toEqual(bytes);
    expect(await store.has(stored.sha256)).toBe(true);
  });

  it('stores the same bytes once, however often they are put', async () => {
    const bytes = Buffer.from('same receipt');
    const [a, b] = await Promise.all([store.put(bytes), store.put(Buffer.from(bytes))]);
    await store.put(bytes);
    expect(a).toEqual(b);
    expect(filesUnder(root).filter((f) => !f.includes('.tmp-'))).toHaveLength(1);
    await store.put(Buffer.from('another receipt'));
    expect(filesUnder(root)).toHaveLength(2);
  });

  it('answers undefined and false for bytes it does not hold', async () => {
    const missing = sha256Of(Buffer.from('never stored'));
    expect(await store.get(missing)).toBeUndefined();
    expect(await store.has(missing)).toBe(false);
  });

  it('refuses an address that is not a hex SHA-256, so no path can leave the root', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toThrow(/hex SHA-256/);
    await expect(store.has('AB'.repeat(32))).rejects.toThrow(/hex SHA-256/);
  });

  it('leaves neither a partial receipt nor its temp file when the write fails half way', async () => {
    const bytes = Buffer.alloc(64 * 1024, 7);
    const sha256 = sha256Of(bytes);
    const realOpen = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises').open;
    jest.mocked(open).mockImplementationOnce(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      // The disk fills after part of the file is written.
      jest.spyOn(handle, 'writeFile').mockImplementation(async (data) => {
        await handle.write((data as Buffer).subarray(0, 1000));
        throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      });
      return handle;
    });
    await expect(store.put(bytes)).rejects.toThrow(/no space/);
    expect(await store.has(sha256)).toBe(false);
    expect(filesUnder(root)).toEqual([]);
    // A later put writes the whole receipt.
    await store.put(bytes);
    expect(readFileSync(store.pathOf(sha256))).toEqual(bytes);
  });
});

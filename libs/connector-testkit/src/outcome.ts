/** How a call ended; checks that expect a failure need the error, not a rejected promise. */
export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

export async function outcomeOf<T>(call: () => Promise<T> | T): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (error: unknown) {
    return { ok: false, error };
  }
}

/**
 * `<PROVIDER>_CALL_BUDGET` (the provider key in upper case, hyphens as underscores, e.g. `DINERO_CALL_BUDGET`): the
 * operator's override of the requests per window a provider declares, for every connection kind (`40`) or per kind
 * (`api_key=40,oauth=80`). Read generically, so the host names no provider here.
 */
export type CallBudgetOverrides = Readonly<Record<string, Readonly<Record<string, number>>>>;

/** The key under which a bare number applies to every connection kind. */
export const ANY_CONNECTION_KIND = '*';
/** The host's ways to connect (`POST …/connections` `method`). */
export const CONNECTION_KINDS: readonly string[] = ['api_key', 'oauth'];

const VARIABLE = /^([A-Z][A-Z0-9_]*)_CALL_BUDGET$/;
const MOST_REQUESTS = 100_000;

export function callBudgetVariable(providerKey: string): string {
  return `${providerKey.toUpperCase().replace(/-/g, '_')}_CALL_BUDGET`;
}

function requestsFrom(text: string): number | undefined {
  if (!/^\d{1,6}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= 1 && value <= MOST_REQUESTS ? value : undefined;
}

/** Every `*_CALL_BUDGET` variable, checked; `problems` name the variable and what is wrong (values are not secret). */
export function parseCallBudgets(env: Record<string, string | undefined>): {
  overrides: CallBudgetOverrides;
  problems: string[];
} {
  const overrides: Record<string, Record<string, number>> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    const prefix = VARIABLE.exec(name)?.[1];
    if (prefix === undefined || raw === undefined || raw.trim() === '') continue;
    const provider = prefix.toLowerCase().replace(/_/g, '-');
    const byKind: Record<string, number> = {};
    const wrong = (why: string) => problems.push(`${name} ${why} (got ${JSON.stringify(raw)})`);
    const bare = requestsFrom(raw.trim());
    if (bare !== undefined) byKind[ANY_CONNECTION_KIND] = bare;
    else {
      for (const entry of raw.split(',').map((part) => part.trim())) {
        const [kind = '', count = '', ...rest] = entry.split('=').map((part) => part.trim());
        const requests = requestsFrom(count);
        if (rest.length > 0 || !CONNECTION_KINDS.includes(kind) || requests === undefined) {
          wrong(
            `must be a number of requests per the provider's window, or "kind=requests" pairs such as "api_key=40,oauth=80" (kinds: ${CONNECTION_KINDS.join(', ')}; 1 to ${MOST_REQUESTS})`,
          );
          break;
        }
        byKind[kind] = requests;
      }
    }
    overrides[provider] = Object.freeze(byKind);
  }
  return { overrides: Object.freeze(overrides), problems };
}

/** `<PROVIDER>_CALL_WINDOW_SECONDS`: the operator's override of the window the provider's budget is counted over. */
export type CallWindowOverrides = Readonly<Record<string, number>>;

const WINDOW_VARIABLE = /^([A-Z][A-Z0-9_]*)_CALL_WINDOW_SECONDS$/;
const LONGEST_WINDOW_SECONDS = 86_400;

export function callWindowVariable(providerKey: string): string {
  return `${providerKey.toUpperCase().replace(/-/g, '_')}_CALL_WINDOW_SECONDS`;
}

/** Every `*_CALL_WINDOW_SECONDS` variable as milliseconds by provider key; `problems` name the variable at fault. */
export function parseCallWindows(env: Record<string, string | undefined>): {
  windows: CallWindowOverrides;
  problems: string[];
} {
  const windows: Record<string, number> = {};
  const problems: string[] = [];
  for (const [name, raw] of Object.entries(env)) {
    const prefix = WINDOW_VARIABLE.exec(name)?.[1];
    if (prefix === undefined || raw === undefined || raw.trim() === '') continue;
    const seconds = /^\d{1,5}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!(seconds >= 1 && seconds <= LONGEST_WINDOW_SECONDS)) {
      problems.push(
        `${name} must be a whole number of seconds from 1 to ${LONGEST_WINDOW_SECONDS} (got ${JSON.stringify(raw)})`,
      );
      continue;
    }
    windows[prefix.toLowerCase().replace(/_/g, '-')] = seconds * 1000;
  }
  return { windows: Object.freeze(windows), problems };
}

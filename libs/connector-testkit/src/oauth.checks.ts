import type { AuthorizationRequest } from '@ledgerbridge/connector-sdk';

/** The host redirects the user there and matches the state that comes back, so both must travel in the URL. */
export function authorizationUrlProblems(url: unknown, request: AuthorizationRequest): string[] {
  if (typeof url !== 'string') return ['authorizationUrl did not return a string'];
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return [`authorizationUrl returned "${url}", not an absolute URL`];
  }
  const problems: string[] = [];
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') problems.push(`${url} is not an http(s) URL`);
  const values = [...parsed.searchParams.values()];
  if (!values.includes(request.state)) problems.push(`${url} does not carry the state "${request.state}"`);
  if (!values.includes(request.redirectUri))
    problems.push(`${url} does not carry the redirect URI ${request.redirectUri}`);
  return problems;
}

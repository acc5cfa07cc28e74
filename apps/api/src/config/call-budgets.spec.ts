import { newCredentialKeys } from '../connections/credential-cipher';
import { ConfigurationError, loadConfig } from './app-config';
import { callBudgetVariable, callWindowVariable, parseCallBudgets, parseCallWindows } from './call-budgets';

// No provider mounted: budgets are read for any key, mounted or not (the host warns about unmounted ones).
const base = {
  REDIS_URL: 'redis://127.0.0.1:6379',
  CREDENTIALS_KEYS: newCredentialKeys('t1'),
  ACCOUNTING_PROVIDERS: '',
};

describe('<PROVIDER>_CALL_BUDGET', () => {
  it('names the variable after the provider key', () => {
    expect([callBudgetVariable('dinero'), callBudgetVariable('e-conomic')]).toEqual([
      'DINERO_CALL_BUDGET',
      'E_CONOMIC_CALL_BUDGET',
    ]);
  });

  it('reads a budget for every kind or per connection kind, for any provider key', () => {
    const config = loadConfig({ ...base, DINERO_CALL_BUDGET: 'api_key=40, oauth=80', E_CONOMIC_CALL_BUDGET: '120' });
    expect(config.callBudgets).toEqual({ dinero: { api_key: 40, oauth: 80 }, 'e-conomic': { '*': 120 } });
    expect(loadConfig(base).callBudgets).toEqual({});
  });

  it.each(['0', 'api_key=', 'apikey=40', 'api_key=40;oauth=80', 'oauth=9.5', 'api_key=40=1', 'lots'])(
    'stops the start on %p, naming the variable',
    (value) => {
      const attempt = () => loadConfig({ ...base, DINERO_CALL_BUDGET: value });
      expect(attempt).toThrow(ConfigurationError);
      expect(attempt).toThrow(/DINERO_CALL_BUDGET must be a number of requests/);
    },
  );

  it('ignores unset and empty variables and other names', () => {
    expect(parseCallBudgets({ DINERO_CALL_BUDGET: '', SANDBOX_RATE_LIMIT: '5', _CALL_BUDGET: '3' })).toEqual({
      overrides: {},
      problems: [],
    });
  });
});

describe('<PROVIDER>_CALL_WINDOW_SECONDS', () => {
  it('reads the window in seconds for any provider key, as milliseconds', () => {
    expect(callWindowVariable('e-conomic')).toBe('E_CONOMIC_CALL_WINDOW_SECONDS');
    const config = loadConfig({ ...base, DINERO_CALL_WINDOW_SECONDS: '6', E_CONOMIC_CALL_WINDOW_SECONDS: ' 3600 ' });
    expect(config.callWindows).toEqual({ dinero: 6_000, 'e-conomic': 3_600_000 });
    expect(loadConfig(base).callWindows).toEqual({});
    expect(parseCallWindows({ DINERO_CALL_WINDOW_SECONDS: '' })).toEqual({ windows: {}, problems: [] });
  });

  it.each(['0', '1.5', '-6', 'six', '86401'])('stops the start on %p, naming the variable', (value) => {
    const attempt = () => loadConfig({ ...base, DINERO_CALL_WINDOW_SECONDS: value });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow(/DINERO_CALL_WINDOW_SECONDS must be a whole number of seconds/);
  });
});

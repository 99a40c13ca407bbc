import { describe, expect, it } from 'vitest';
import { jsonErrorResponse } from './json-error.ts';

describe('jsonErrorResponse', () => {
  it('answers { error: { code, message } } as UTF-8 JSON with the status', async () => {
    const response = jsonErrorResponse(403, 'PROXY_TARGET_NOT_ALLOWED', 'nö');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.json()).toEqual({
      error: { code: 'PROXY_TARGET_NOT_ALLOWED', message: 'nö' },
    });
  });

  it('adds details beside code and message, which they cannot overwrite; keeps given headers', async () => {
    const response = jsonErrorResponse(500, 'PAYLOAD_TOO_LARGE', 'too big', {
      details: { size: 7, limit: 6, code: 'spoofed' },
      headers: { 'cache-control': 'no-store', 'content-type': 'text/plain' },
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(await response.text()).toBe(
      '{"error":{"code":"PAYLOAD_TOO_LARGE","message":"too big","size":7,"limit":6}}',
    );
  });
});

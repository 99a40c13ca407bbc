// The origin guard through a real handler: events become requests exactly as on Lambda.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test-fixtures/adapter/app.ts';
import { httpApiEvent } from '../../test-fixtures/adapter/events.ts';
import { handle } from '../buffered/handle.ts';
import type { ResultV2 } from '../events/types.ts';

async function statusWith(secret: string, sent: string | undefined): Promise<number> {
  const guarded = handle(createTestApp(), { originSecret: { header: 'x-secret', value: secret } });
  const headers: Record<string, string> = { host: 'h' };
  if (sent !== undefined) headers['x-secret'] = sent;
  const result = (await guarded(httpApiEvent({ rawPath: '/text', headers }))) as ResultV2;
  return result.statusCode;
}

describe('origin guard', () => {
  it.each([
    ['an ASCII secret', 'Zk2-x_91', 'Zk2-x_91'],
    ['a Latin-1 secret', 'clé', 'clé'],
    ['a secret beyond Latin-1', 'ключ✓€', 'ключ✓€'],
    ['a secret with spaces at its ends (HTTP trims them)', ' k ', 'k'],
  ])('lets %s through when the proxy sends it', async (_, secret, sent) => {
    expect(await statusWith(secret, sent)).toBe(200);
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['a prefix', 'ключ✓'],
    ['longer', 'ключ✓€€'],
    ['one character off', 'ключ✓$'],
    ['the same text, one letter unaccented', 'ключ✓€'.replace('к', 'k')],
  ])('answers 403 when the header is %s', async (_, sent) => {
    expect(await statusWith('ключ✓€', sent)).toBe(403);
  });
});

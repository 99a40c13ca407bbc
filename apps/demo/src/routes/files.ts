// Large bodies streamed with flat memory: the precompressed fixture and generated CSV downloads.
import { Hono } from 'hono';
import type { AppEnv } from '../env.ts';
import { intParam } from '../http-errors.ts';
import { csvDownloadStream, MIB } from '../stream/csv-download.ts';
import { FIXTURE_GZIP_BYTES, fixtureGzipStream } from '../stream/fixture-gzip.ts';

/** Lambda's streamed response cap. */
export const MAX_DOWNLOAD_MB = 200;

export function fileRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get('/fixtures/large.json.gz', () => {
    const init: ResponseInit & { encodeBody: 'manual' } = {
      headers: {
        'content-type': 'application/json',
        'content-encoding': 'gzip',
        'content-length': String(FIXTURE_GZIP_BYTES),
        'cache-control': 'public, max-age=3600',
      },
      // Workers compress a body per its Content-Encoding unless told it already is; other
      // runtimes ignore this field.
      encodeBody: 'manual',
    };
    return new Response(fixtureGzipStream(), init);
  });

  app.get('/api/download', (c) => {
    const mb = intParam(new URL(c.req.url), 'mb', { min: 1, max: MAX_DOWNLOAD_MB, fallback: 10 });
    return new Response(csvDownloadStream(mb), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="sluice-${mb}mb.csv"`,
        'content-length': String(mb * MIB),
      },
    });
  });

  return app;
}

// The two-function template fixture (test-fixtures/template/app), served under the real
// aws-lambda-ric for the calling file's tests, each file building into its own folder.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';
import { startDevServer } from '../../src/server.ts';
import type { DevServer, DevTemplateOptions } from '../../src/types.ts';

export const APP = fileURLToPath(new URL('../../test-fixtures/template/app/', import.meta.url));

/**
 * Starts the app template before the file's tests (build in `.aws-sam/<buildName>`, no shell
 * variables) and closes it after them; `options` add to or replace the defaults.
 */
export function useAppTemplate(
  buildName: string,
  options: Partial<DevTemplateOptions> = {},
): { server: DevServer } {
  const fixture = {} as { server: DevServer };
  const buildDir = join(APP, '.aws-sam', buildName);
  beforeAll(async () => {
    fixture.server = await startDevServer({
      template: join(APP, 'template.yaml'),
      port: 0,
      runtime: 'ric',
      inheritShellEnv: false,
      buildDir,
      ...options,
    });
  });
  afterAll(async () => {
    await fixture.server?.close();
    await rm(buildDir, { recursive: true, force: true });
  });
  return fixture;
}

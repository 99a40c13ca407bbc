// Typechecks the installed packages as a user's project does: a file importing every given
// entry, compiled by the project's own `tsc` with skipLibCheck: false, so every .d.ts the
// entries reach is checked.
import type { NpmProject } from './npm-project.ts';

export type Profile = 'bundler' | 'nodenext' | 'web';

const COMPILER_OPTIONS: Record<Profile, Record<string, unknown>> = {
  bundler: { module: 'preserve', moduleResolution: 'bundler', types: ['node'], lib: ['es2023'] },
  nodenext: { module: 'nodenext', moduleResolution: 'nodenext', types: ['node'], lib: ['es2023'] },
  // Browsers and Workers: DOM types, no @types/node.
  web: { module: 'preserve', moduleResolution: 'bundler', types: [], lib: ['es2023', 'dom'] },
};

export async function typecheckEntries(
  project: NpmProject,
  name: string,
  entries: string[],
  profile: Profile,
): Promise<void> {
  const file = `types-${name}.mts`;
  const imports = entries.map((entry, i) => `import * as entry${i} from '${entry}';`);
  const used = `export const entries = [${entries.map((_, i) => `entry${i}`).join(', ')}];`;
  await project.write(file, `${imports.join('\n')}\n${used}\n`);
  await typecheckFiles(project, `${name}-${profile}`, [file], profile);
}

export async function typecheckFiles(
  project: NpmProject,
  name: string,
  files: string[],
  profile: Profile,
): Promise<void> {
  const config = `tsconfig.${name}.json`;
  const compilerOptions = {
    target: 'es2023',
    strict: true,
    skipLibCheck: false,
    noEmit: true,
    allowImportingTsExtensions: true,
    ...COMPILER_OPTIONS[profile],
  };
  await project.write(config, JSON.stringify({ compilerOptions, files }, null, 2));
  await project.shell(`npx tsc -p ${config}`).catch((error: Error) => {
    throw new Error(`typecheck ${name} (${files.join(', ')}) failed:\n${error.message}`);
  });
}

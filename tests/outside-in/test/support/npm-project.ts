// A user's project: a folder made by `npm init -y` (so `"type": "commonjs"`, npm's default),
// into which packages are installed with npm, not pnpm. npm's own cache (~/.npm) makes reruns
// fast; --prefer-offline uses it without asking the registry again.
import { mkdir, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join, sep } from 'node:path';
import { type Background, type RunOptions, type RunResult, run, runShell, start } from './run.ts';

export class NpmProject {
  readonly dir: string;
  readonly env: NodeJS.ProcessEnv;

  private constructor(dir: string, env: NodeJS.ProcessEnv) {
    this.dir = dir;
    this.env = env;
  }

  /** `npm init -y` in a new folder `dir`; `env` is added to every command's environment. */
  static async create(dir: string, env: NodeJS.ProcessEnv = {}): Promise<NpmProject> {
    await mkdir(dir, { recursive: true });
    const project = new NpmProject(dir, { ...strangerEnv(), ...env });
    await project.npm(['init', '-y']);
    return project;
  }

  npm(args: string[], timeoutMs = 300_000): Promise<RunResult> {
    return run('npm', args, this.options(timeoutMs));
  }

  /** `npm install` with the flags every install here shares. */
  install(specs: string[], flags: string[] = []): Promise<RunResult> {
    const quiet = ['--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'];
    return this.npm(['install', ...quiet, ...flags, ...specs], 600_000);
  }

  /** A command line as a README writes it. */
  shell(line: string, timeoutMs = 120_000): Promise<RunResult> {
    return runShell(line, this.options(timeoutMs));
  }

  node(args: string[], timeoutMs = 120_000): Promise<RunResult> {
    return run(process.execPath, args, this.options(timeoutMs));
  }

  start(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Background {
    return start(command, args, { cwd: this.dir, env: { ...this.env, ...env } });
  }

  async write(file: string, content: string): Promise<string> {
    const path = join(this.dir, file);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
    return path;
  }

  private options(timeoutMs: number): RunOptions {
    return { cwd: this.dir, env: this.env, timeoutMs };
  }
}

/** This process's environment minus what pnpm, vitest and the workspace put there. */
function strangerEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { npm_config_update_notifier: 'false' };
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(npm_|pnpm_|vitest|node_options$|node_env$)/i.test(key)) continue;
    env[key] = value;
  }
  // The workspace's node_modules/.bin folders (pnpm exec adds them) would shadow the project's;
  // this Node (24) comes first, so `npm` and `npx` run on it too.
  const path = (process.env.PATH ?? '')
    .split(delimiter)
    .filter((entry) => !entry.includes(`${sep}node_modules${sep}.bin`));
  env.PATH = [dirname(process.execPath), ...path].join(delimiter);
  return env;
}

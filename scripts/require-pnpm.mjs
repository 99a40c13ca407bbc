// `prepack` of every published package: only pnpm may pack or publish them. npm would ship the
// manifest as written, with `workspace:*` dependency ranges (uninstallable) and the monorepo-only
// `@sluice/source` export condition; pnpm rewrites both (workspace ranges, `publishConfig`).
// Plain .mjs: npm may run it with whatever Node is first on PATH.
// npm and pnpm describe themselves and the running command in these variables.
const { npm_config_user_agent: agent = '', npm_package_name, npm_command } = process.env;
if (!agent.startsWith('pnpm/')) {
  const name = npm_package_name ?? 'this package';
  const tool = agent.split(' ')[0] || 'this tool';
  console.error(
    `\n${name}: refusing to ${npm_command ?? 'pack'} with ${tool}.\n` +
      'Pack and publish sluice packages with pnpm, which turns `workspace:*` into real versions:\n' +
      '  pnpm pack                 (in the package directory)\n' +
      '  pnpm release              (at the repository root: build, check, changeset publish)\n',
  );
  process.exit(1);
}

// Public API of @sluice/lambda-dev.

export { DevServerError } from './errors.ts';
export { formatLogEntry } from './log.ts';
export { startDevServer } from './server.ts';
export { parseCfnYaml } from './template/cfn-yaml.ts';
export { TemplateError, TemplateSyntaxError } from './template/errors.ts';
export type {
  DevEventLog,
  DevLimits,
  DevLogEntry,
  DevMode,
  DevOutcome,
  DevRequestLog,
  DevRuntimeKind,
  DevRuntimeOutputLog,
  DevServer,
  DevServerOptions,
  DevServerStats,
  DevTemplateFunction,
  DevTemplateInfo,
  DevTemplateOptions,
  DevTemplateRoute,
} from './types.ts';

// The demo's settings, read from an environment record (process.env on Node and Lambda, the
// bindings on Workers). Everything has an embedded default, so no variable is required.

export interface DemoConfig {
  llm:
    | { kind: 'local'; tokenDelayMs: readonly [number, number] }
    | { kind: 'openai'; baseUrl: string; apiKey: string | undefined; model: string };
  /** Upstream of `/api/proxy/*`; undefined: this deployment's own `/fixtures/*`. */
  proxyTarget: string | undefined;
  /** Redis for resumable chats across processes and invocations; undefined: in memory. */
  redisUrl: string | undefined;
  /** Structured request logs on stdout. */
  logRequests: boolean;
}

export type EnvRecord = Record<string, unknown>;

export class ConfigError extends Error {
  readonly code = 'INVALID_CONFIG';
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_OPENAI_MODEL = 'gpt-4o-mini';

export function readConfig(env: EnvRecord): DemoConfig {
  const baseUrl = text(env, 'LLM_BASE_URL');
  const proxyTarget = text(env, 'PROXY_TARGET');
  if (baseUrl !== undefined) httpUrl('LLM_BASE_URL', baseUrl);
  if (proxyTarget !== undefined) httpUrl('PROXY_TARGET', proxyTarget);
  return {
    llm: baseUrl
      ? {
          kind: 'openai',
          baseUrl,
          apiKey: text(env, 'LLM_API_KEY'),
          model: text(env, 'LLM_MODEL') ?? DEFAULT_OPENAI_MODEL,
        }
      : { kind: 'local', tokenDelayMs: delayRange(text(env, 'LOCAL_TOKEN_DELAY_MS') ?? '15-40') },
    proxyTarget,
    redisUrl: text(env, 'REDIS_URL'),
    logRequests: text(env, 'LOG_REQUESTS') !== '0',
  };
}

/** Node only: `PORT` (default 3000; 0 = any free port). */
export function listenPort(env: EnvRecord): number {
  const value = text(env, 'PORT') ?? '3000';
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port >= 0 && port <= 65_535)) {
    throw new ConfigError(`PORT must be a port number (0-65535), got "${value}"`);
  }
  return port;
}

function text(env: EnvRecord, name: string): string | undefined {
  const value = env[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function httpUrl(name: string, value: string): void {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} must use http or https, got "${url.protocol}"`);
  }
}

/** `"15-40"` or `"20"` (ms). */
function delayRange(value: string): readonly [number, number] {
  const match = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(value);
  if (!match) throw new ConfigError(`LOCAL_TOKEN_DELAY_MS must look like 15-40, got "${value}"`);
  const min = Number(match[1]);
  const max = Number(match[2] ?? match[1]);
  if (max < min) throw new ConfigError(`LOCAL_TOKEN_DELAY_MS: ${max} is below ${min}`);
  return [min, max];
}

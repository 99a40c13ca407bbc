import { UnsupportedEventError } from '../errors.ts';
import { albSource } from './alb.ts';
import { apiGatewayRestSource } from './api-gateway-rest.ts';
import { functionUrlSource } from './function-url.ts';
import type { EventSource, LambdaHttpEvent } from './types.ts';

// ALB first: its events also carry `httpMethod` and `path` like REST ones.
const SOURCES: readonly EventSource[] = [
  albSource,
  functionUrlSource,
  apiGatewayRestSource,
] as EventSource[];

export function detectSource(event: unknown): EventSource<LambdaHttpEvent> {
  for (const source of SOURCES) {
    if (source.matches(event)) return source;
  }
  throw new UnsupportedEventError();
}

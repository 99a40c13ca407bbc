import { describe, expect, it } from 'vitest';
import {
  albEvent,
  albMultiValueEvent,
  functionUrlEvent,
  httpApiEvent,
  httpApiV1Event,
  restEvent,
} from '../../test-fixtures/adapter/events.ts';
import { UnsupportedEventError } from '../errors.ts';
import { albSource } from './alb.ts';
import { apiGatewayRestSource } from './api-gateway-rest.ts';
import { detectSource } from './detect.ts';
import { functionUrlSource } from './function-url.ts';

describe('detectSource', () => {
  it.each([
    ['Function URL', functionUrlEvent(), functionUrlSource],
    ['HTTP API v2', httpApiEvent(), functionUrlSource],
    ['REST v1', restEvent(), apiGatewayRestSource],
    ['HTTP API v1', httpApiV1Event(), apiGatewayRestSource],
    ['ALB', albEvent(), albSource],
    ['ALB multi-value', albMultiValueEvent(), albSource],
  ])('%s', (_name, event, source) => {
    expect(detectSource(event)).toBe(source);
  });

  it('refuses other events with a typed error', () => {
    expect(() => detectSource({ Records: [] })).toThrow(UnsupportedEventError);
    expect(() => detectSource(null)).toThrow(
      expect.objectContaining({ code: 'UNSUPPORTED_EVENT' }),
    );
  });
});

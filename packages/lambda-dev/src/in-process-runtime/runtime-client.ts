import { Agent, type IncomingHttpHeaders, request } from 'node:http';
import { ERROR_TYPE_TRAILER, type ErrorDocument } from '@sluice/adapter-lambda/runtime';
import { createResponseStream, type ResponseStreamHandle } from './response-stream.ts';

export interface NextInvocation {
  headers: IncomingHttpHeaders;
  body: string;
}

/** The Runtime API calls a runtime makes, over plain HTTP on AWS_LAMBDA_RUNTIME_API. */
export class RuntimeApiClient {
  readonly hostname: string;
  readonly port: number;
  // One socket for responses, as in aws-lambda-ric: with concurrency > 1, streamed responses
  // of one runtime therefore go out one after the other.
  readonly #agent = new Agent({ keepAlive: true, maxSockets: 1 });
  /** Long polls get their own connection, so a poll never waits behind a response. */
  readonly #pollAgent = new Agent({ keepAlive: true });

  constructor(hostPort: string) {
    const [hostname, port] = hostPort.split(':');
    if (!hostname || !port || !/^\d+$/.test(port)) {
      throw new Error(`Invalid AWS_LAMBDA_RUNTIME_API: ${hostPort}`);
    }
    this.hostname = hostname;
    this.port = Number(port);
  }

  next(): Promise<NextInvocation> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          hostname: this.hostname,
          port: this.port,
          path: '/2018-06-01/runtime/invocation/next',
          agent: this.#pollAgent,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.once('end', () => {
            if (res.statusCode !== 200) {
              reject(new Error(`Failed to get next invocation: HTTP ${res.statusCode}`));
            } else resolve({ headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
          res.once('error', reject);
        },
      );
      req.once('error', reject);
      req.end();
    });
  }

  postResponse(requestId: string, json: string): Promise<void> {
    return this.#post(
      `/2018-06-01/runtime/invocation/${encodeURIComponent(requestId)}/response`,
      json,
    );
  }

  postError(requestId: string, doc: ErrorDocument): Promise<void> {
    return this.#post(
      `/2018-06-01/runtime/invocation/${encodeURIComponent(requestId)}/error`,
      JSON.stringify(doc),
      { [ERROR_TYPE_TRAILER]: doc.errorType },
    );
  }

  postInitError(doc: ErrorDocument): Promise<void> {
    return this.#post('/2018-06-01/runtime/init/error', JSON.stringify(doc), {
      [ERROR_TYPE_TRAILER]: doc.errorType,
    });
  }

  streamResponse(requestId: string, highWaterMark: number | undefined): ResponseStreamHandle {
    return createResponseStream({
      hostname: this.hostname,
      port: this.port,
      requestId,
      agent: this.#agent,
      highWaterMark,
    });
  }

  #post(path: string, body: string, headers: Record<string, string> = {}): Promise<void> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          method: 'POST',
          hostname: this.hostname,
          port: this.port,
          path,
          agent: this.#agent,
          headers: {
            'Content-Type': 'application/json',
            'Content-Length': Buffer.byteLength(body),
            ...headers,
          },
        },
        (res) => {
          res.resume();
          res.once('end', resolve);
          res.once('error', reject);
        },
      );
      req.once('error', reject);
      req.end(body);
    });
  }
}

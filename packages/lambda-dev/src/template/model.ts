// What the dev server takes from a SAM template: its functions and how requests reach them.

export type InvokeMode = 'BUFFERED' | 'RESPONSE_STREAM';

/** `Metadata.BuildMethod` of a function, with its `BuildProperties`. */
export type BuildSpec =
  | { method: 'esbuild'; properties: Record<string, unknown> }
  | { method: 'makefile' }
  | { method: 'none' };

export interface TemplateFunction {
  logicalId: string;
  /** `FunctionName` when the template gives one, else the logical id. */
  functionName: string;
  runtime: string;
  /** `module.export`, e.g. `index.handler` (module path relative to the code root). */
  handler: string;
  /** Absolute path of `CodeUri` (the source; the code root once built). */
  codeUri: string;
  timeoutSec: number;
  memoryMb: number;
  architectures: string[];
  /** `Environment.Variables` after the Globals merge, intrinsics not yet resolved. */
  environment: Record<string, unknown>;
  build: BuildSpec;
  functionUrl: { invokeMode: InvokeMode; authType: string } | undefined;
}

/** API Gateway flavour: REST (v1 events, may stream) or HTTP API (v2 or v1 events, buffered). */
export type ApiKind = 'rest' | 'http';

export interface TemplateApi {
  /** Logical id of the API (`ServerlessRestApi` / `ServerlessHttpApi` for SAM's implicit ones). */
  logicalId: string;
  kind: ApiKind;
  /** `prod`, `Prod`, or `$default` (HTTP API's stage without a path prefix). */
  stage: string;
}

export interface TemplateRoute {
  api: TemplateApi;
  /** Upper case; `ANY` matches every method. */
  method: string;
  /** API Gateway path template: `/items/{id}`, `/{proxy+}`. */
  path: string;
  /** Logical id of the function it invokes. */
  functionId: string;
  /** REST with `responseTransferMode: STREAM` (InvokeWithResponseStream); else buffered. */
  streaming: boolean;
  /** Event format: REST always `1.0`; HTTP API `2.0` unless `PayloadFormatVersion: '1.0'`. */
  payloadVersion: '1.0' | '2.0';
}

export interface TemplateModel {
  /** Absolute path of the template file. */
  file: string;
  functions: TemplateFunction[];
  routes: TemplateRoute[];
  /** Parameter name -> Default (absent when it has none). */
  parameters: Map<string, string | undefined>;
  /** Parameters marked `NoEcho` (their values are never printed). */
  secretParameters: Set<string>;
  /** Every resource's `Type` by logical id. */
  resourceTypes: Map<string, string>;
  conditions: Record<string, unknown>;
  mappings: Record<string, unknown>;
}

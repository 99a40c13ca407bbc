import { DevServerError } from '../errors.ts';

/** A function's build failed (esbuild errors, `make` exiting non-zero); `output` has the details. */
export class BuildError extends DevServerError {
  readonly functionId: string;
  constructor(functionId: string, message: string) {
    super('BUILD_FAILED', `${functionId}: ${message}`);
    this.functionId = functionId;
  }
}

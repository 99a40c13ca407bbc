import { DevServerError } from '../errors.ts';

/** The template is not valid YAML (or uses a tag CloudFormation does not know). */
export class TemplateSyntaxError extends DevServerError {
  /** 1-based position of the first problem; 0 when the parser gave none. */
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super('TEMPLATE_SYNTAX', message);
    this.line = line;
    this.column = column;
  }
}

/**
 * The template is valid YAML but cannot be served as it is: a function with a runtime other than
 * Node.js, environment values that do not resolve, clashing routes. `problems` lists each one
 * (function and variable named), so a user fixes them all in one go.
 */
export class TemplateError extends DevServerError {
  readonly problems: readonly string[];

  constructor(code: string, problems: readonly string[]) {
    super(code, problems.length === 1 ? (problems[0] ?? '') : `\n  - ${problems.join('\n  - ')}`);
    this.problems = problems;
  }
}

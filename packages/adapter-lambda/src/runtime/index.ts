// `@sluice/adapter-lambda/runtime`: the Lambda runtime wire facts (streaming symbols, prelude
// and trailer names) and the `awslambda` compat, for code that emulates the runtime side
// (@sluice/lambda-dev). A Lambda bundle imports the main entry, not this.
export * from './awslambda-compat.ts';
export * from './protocol.ts';

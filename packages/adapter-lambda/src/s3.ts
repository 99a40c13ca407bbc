// Public API of `@sluice/adapter-lambda/s3`: the S3 overflow for `handle()`. Its own entry
// because it is the only code that needs the AWS SDK (optional peers): the main entry, its
// types included, never names the SDK, so a handler bundles and typechecks without it.
export { type S3OverflowOptions, s3Overflow } from './buffered/s3-overflow.ts';

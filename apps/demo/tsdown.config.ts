import { defineConfig } from 'tsdown';

export default defineConfig({
  entry: ['src/node.ts'],
  format: 'esm',
  platform: 'node',
  target: 'node24',
  dts: false,
  sourcemap: true,
  fixedExtension: false,
});

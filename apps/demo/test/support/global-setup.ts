import { bundleClient } from '../../scripts/bundle-client.ts';

export default async function setup(): Promise<void> {
  await bundleClient();
}

import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository checkout the tests run in (tests, unlike the packages, may read it). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The repository's proto/ folder: nanorpc.proto and demo_device.proto. */
export const REPO_PROTO_DIR = path.join(REPO_ROOT, 'proto');

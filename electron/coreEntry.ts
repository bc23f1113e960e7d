/**
 * Entry of the core utility process (bundled to dist/electron/core.cjs). `process.parentPort` exists only
 * inside an Electron utility process; loaded anywhere else this file does nothing, so the bundle can be
 * smoke-tested with plain Node.
 */
import { startUtilityHost } from '../core/host/utilityProcess';
import type { ParentPortLike } from '../core/host/utilityProcess';

const parentPort = (process as NodeJS.Process & { parentPort?: ParentPortLike }).parentPort;
if (parentPort) startUtilityHost(parentPort);

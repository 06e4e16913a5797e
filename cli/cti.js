#!/usr/bin/env node
// The `cti` bin: lets Node run the TypeScript sources through tsx, so a checkout works after `npm ci`.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { run } = await import('./main.ts');
// exitCode rather than process.exit(), so output still in flight to a pipe is not cut off.
process.exitCode = await run(process.argv.slice(2));

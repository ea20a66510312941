/**
 * Outside jest (whose moduleNameMapper does the same), resolves 'cdk-revoke-sessions' to this
 * repository's source, so scripts run by ts-node can load the incident starter, which imports
 * the library by its package name as a responder's copy does. Import it before anything else.
 */
import { join } from 'path';

// The current module's constructor is Node's Module, whose resolver every require goes through.
const mod = module.constructor as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
const resolve = mod._resolveFilename;
const SOURCE = join(__dirname, '..', '..', 'src', 'index.ts');
mod._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]) {
  return resolve.call(this, request === 'cdk-revoke-sessions' ? SOURCE : request, ...rest);
};

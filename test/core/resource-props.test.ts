/**
 * The property readers every handler shares: the messages each resource answered before they
 * were shared stay the same.
 */
import { InputError } from '../../src/core/failure-report';
import { readCutoff, readDestroy, readLeniently, resourceProperties } from '../../src/core/resource-props';

test('a cutoff mode is refused with the modes this resource accepts', () => {
  expect(() => readCutoff({ CutoffMode: 'later' }, false)).toThrow('property CutoffMode "later" is not supported; use "fixed" or "deploy-time"');
  expect(() => readCutoff({ CutoffMode: 'none' }, false)).toThrow(InputError);
  expect(() => readCutoff({ CutoffMode: 'later' }, true)).toThrow('property CutoffMode "later" is not supported; use "fixed", "deploy-time" or "none"');
  expect(readCutoff({ CutoffMode: 'none' }, true)).toEqual({ mode: 'none' });
  expect(readCutoff({ CutoffMode: 'deploy-time', Generation: 'g1' }, false)).toEqual({ mode: 'deploy-time', bufferMs: 30_000, generation: 'g1' });
});

test('missing or unknown properties are refused naming the construct and the accepted keys', () => {
  expect(() => resourceProperties(undefined, 'RevokeOlderSessions', ['A']))
    .toThrow('resource properties are missing; deploy the RevokeOlderSessions construct rather than calling the function directly');
  expect(() => resourceProperties({ B: '1' }, 'X', ['A'])).toThrow('unexpected property "B"; only A are accepted');
  expect(resourceProperties({ A: '1', ServiceToken: 'arn' }, 'X', ['A'])).toEqual({ A: '1', ServiceToken: 'arn' });
});

test('RemovalPolicy is retain unless it says destroy, and anything else is refused', () => {
  expect(readDestroy({})).toBe(false);
  expect(readDestroy({ RemovalPolicy: 'retain' })).toBe(false);
  expect(readDestroy({ RemovalPolicy: 'destroy' })).toBe(true);
  expect(() => readDestroy({ RemovalPolicy: 'snapshot' })).toThrow('property RemovalPolicy "snapshot" is not supported; use "retain" or "destroy"');
});

test('a lenient read answers undefined for invalid properties, and the request otherwise', () => {
  expect(readLeniently(() => { throw new InputError('bad'); }, {})).toBeUndefined();
  expect(readLeniently((p) => readDestroy(p as Record<string, unknown>), { RemovalPolicy: 'destroy' })).toBe(true);
});

import {
  capabilitiesEnvValue, capabilitiesFromEnv, functionGrantsFromEnv, isOwnedBy, nextCutoff, ownedName, ownerTag,
} from '../../src/core/ratchet';

const T10 = Date.parse('2026-11-22T10:00:00Z');
const T20 = Date.parse('2026-11-22T10:20:00Z');

test('the cutoff in force never moves earlier unless lowering is allowed', () => {
  expect(nextCutoff(undefined, T10, false)).toBe(T10);
  expect(nextCutoff(T20, T10, false)).toBe(T20);
  expect(nextCutoff(T10, T20, false)).toBe(T20);
  expect(nextCutoff(T20, T10, true)).toBe(T10);
});

test('capabilities come only from the environment, and unknown words grant nothing', () => {
  expect(capabilitiesFromEnv({})).toEqual({ remove: false, lower: false });
  expect(capabilitiesFromEnv({ REVOKE_CAPABILITIES: 'remove, lower' })).toEqual({ remove: true, lower: true });
  expect(capabilitiesFromEnv({ REVOKE_CAPABILITIES: 'all,destroy,true' })).toEqual({ remove: false, lower: false });
  for (const c of [{ remove: true, lower: false }, { remove: false, lower: true }, { remove: false, lower: false }]) {
    expect(capabilitiesFromEnv({ REVOKE_CAPABILITIES: capabilitiesEnvValue(c) })).toEqual(c);
  }
});

test('owned names are stable per resource, distinct across resources, and fit the limit', () => {
  const a = ownerTag('arn:aws:cloudformation:us-east-1:111122223333:stack/A/1', 'Revoke');
  const b = ownerTag('arn:aws:cloudformation:us-east-1:111122223333:stack/B/1', 'Revoke');
  expect(a).toMatch(/^[0-9a-f]{10}$/);
  expect(a).toBe(ownerTag('arn:aws:cloudformation:us-east-1:111122223333:stack/A/1', 'Revoke'));
  expect(a).not.toBe(b);
  expect(ownedName('AWSRevokeOlderSessions', a)).toBe(`AWSRevokeOlderSessions-${a}`);
  expect(ownedName('x'.repeat(128), a)).toHaveLength(128);
  expect(isOwnedBy(ownedName('P', a), a)).toBe(true);
  expect(isOwnedBy(ownedName('P', a), b)).toBe(false);
});

test('function grants come from the environment unless overridden, and name no resource by default', () => {
  const env = { REVOKE_CAPABILITIES: 'remove', REVOKE_CAPABLE_STACK: 'stack-1', REVOKE_CAPABLE_RESOURCES: 'abc,def', REVOKE_FUTURE_RESOURCES: '' };
  const grants = functionGrantsFromEnv({}, env);
  expect(grants.capabilities).toEqual({ remove: true, lower: false });
  expect(grants.capableResources).toEqual({ stackId: 'stack-1', tags: new Set(['abc', 'def']) });
  expect(grants.futureResources).toEqual({ stackId: 'stack-1', tags: new Set() });
  expect(functionGrantsFromEnv({ capableResources: 'any' }, {})).toEqual({
    capabilities: { remove: false, lower: false }, capableResources: 'any', futureResources: { stackId: '', tags: new Set() },
  });
});

import { isOwnedBy, nextCutoff, ownedName, ownerTag } from '../../src/core/ratchet';

const T10 = Date.parse('2026-11-22T10:00:00Z');
const T20 = Date.parse('2026-11-22T10:20:00Z');

test('the cutoff in force never moves earlier unless lowering is allowed', () => {
  expect(nextCutoff(undefined, T10, false)).toBe(T10);
  expect(nextCutoff(T20, T10, false)).toBe(T20);
  expect(nextCutoff(T10, T20, false)).toBe(T20);
  expect(nextCutoff(T20, T10, true)).toBe(T10);
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

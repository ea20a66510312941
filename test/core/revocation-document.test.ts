import {
  buildRevocationDocument, latestCutoff, ownerSid, readRevocationDocument,
} from '../../src/core/revocation-document';

const T = (iso: string) => Date.parse(iso);
const timeStatement = (cutoff: unknown, extra: Record<string, unknown> = {}) => ({
  Effect: 'Deny', Action: '*', Resource: '*', Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } }, ...extra,
});

describe('buildRevocationDocument', () => {
  test('writes one deny per statement, UTC with Z', () => {
    const doc = JSON.parse(buildRevocationDocument([{ cutoffMs: T('2026-11-22T10:00:00.085Z') }, { sid: 'Mine1', cutoffMs: T('2026-11-22T11:00:00Z') }]));
    expect(doc).toEqual({
      Version: '2012-10-17',
      Statement: [timeStatement('2026-11-22T10:00:00.085Z'), { Sid: 'Mine1', ...timeStatement('2026-11-22T11:00:00Z') }],
    });
  });

  test('drops a Sid that IAM would refuse', () => {
    const doc = JSON.parse(buildRevocationDocument([{ sid: 'bad sid"}', cutoffMs: 0 }]));
    expect(doc.Statement[0].Sid).toBeUndefined();
  });

  test('round-trips through the reader', () => {
    const statements = [{ sid: 'A', cutoffMs: T('2026-01-01T00:00:00Z') }, { cutoffMs: T('2026-02-01T00:00:00.5Z') }];
    expect(readRevocationDocument(buildRevocationDocument(statements))).toEqual({ kind: 'revocation', statements });
  });
});

describe('readRevocationDocument', () => {
  test('reads the console form: one statement object, arrays of *, milliseconds', () => {
    const text = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': '2024-10-10T09:43:48.085Z' } } } });
    expect(readRevocationDocument(text)).toEqual({ kind: 'revocation', statements: [{ cutoffMs: T('2024-10-10T09:43:48.085Z') }] });
  });

  test('takes the latest of several values (any one matching denies)', () => {
    const text = JSON.stringify({ Statement: [timeStatement(['2026-01-01T00:00:00Z', '2026-03-01T00:00:00+01:00'])] });
    const read = readRevocationDocument(text);
    expect(read.kind === 'revocation' && read.statements[0].cutoffMs).toBe(T('2026-02-28T23:00:00Z'));
  });

  test('accepts the condition key in any case, as IAM does', () => {
    const text = JSON.stringify({ Statement: [{ ...timeStatement('x'), Condition: { DateLessThan: { 'AWS:tokenissuetime': '2026-01-01T00:00:00Z' } } }] });
    expect(readRevocationDocument(text).kind).toBe('revocation');
  });

  test.each([
    ['not JSON', '{', 'it is not valid JSON'],
    ['no Statement', '{"Version":"2012-10-17"}', 'it has no Statement element'],
    ['null', 'null', 'it has no Statement element'],
    ['an Allow', JSON.stringify({ Statement: [{ ...timeStatement('2026-01-01T00:00:00Z'), Effect: 'Allow' }] }), 'statement 1 is not a Deny'],
    ['a narrower action', JSON.stringify({ Statement: [{ ...timeStatement('2026-01-01T00:00:00Z'), Action: 's3:*' }] }), 'does not deny every action on every resource'],
    ['a NotAction', JSON.stringify({ Statement: [{ ...timeStatement('2026-01-01T00:00:00Z'), NotAction: 's3:*' }] }), 'has a NotAction element'],
    ['a Principal', JSON.stringify({ Statement: [{ ...timeStatement('2026-01-01T00:00:00Z'), Principal: '*' }] }), 'has a Principal element'],
    ['a deny-all (no condition)', JSON.stringify({ Statement: [{ Effect: 'Deny', Action: '*', Resource: '*' }] }), 'has a condition other than DateLessThan'],
    ['another operator', JSON.stringify({ Statement: [{ ...timeStatement('x'), Condition: { DateGreaterThan: { 'aws:TokenIssueTime': '2026-01-01T00:00:00Z' } } }] }), 'has a condition other than DateLessThan'],
    ['another key', JSON.stringify({ Statement: [{ ...timeStatement('x'), Condition: { DateLessThan: { 'aws:CurrentTime': '2026-01-01T00:00:00Z' } } }] }), 'does not test only aws:TokenIssueTime'],
    ['a zone-less cutoff', JSON.stringify({ Statement: [timeStatement('2026-01-01T00:00:00')] }), 'has a cutoff this library cannot read ("2026-01-01T00:00:00")'],
    ['an epoch cutoff', JSON.stringify({ Statement: [timeStatement(1767225600)] }), 'has a cutoff this library cannot read (1767225600)'],
    ['no values', JSON.stringify({ Statement: [timeStatement([])] }), 'has no cutoff value'],
    ['a second, foreign statement', JSON.stringify({ Statement: [timeStatement('2026-01-01T00:00:00Z'), 'x'] }), 'statement 2 is not an object'],
  ])('%s is unrecognized', (_name, text, reason) => {
    expect(readRevocationDocument(text)).toEqual({ kind: 'unrecognized', reason: expect.stringContaining(reason) });
  });
});

test('latestCutoff', () => {
  expect(latestCutoff([])).toBeUndefined();
  expect(latestCutoff([{ cutoffMs: 5 }, { cutoffMs: 9 }, { cutoffMs: 1 }])).toBe(9);
});

describe('ownerSid', () => {
  const stackId = 'arn:aws:cloudformation:us-east-1:111122223333:stack/Incident-Stack/6c7e5f10-0000-4000-8000-000000000001';

  test('is alphanumeric, readable and stable', () => {
    const sid = ownerSid(stackId, 'Revoke1234');
    expect(sid).toMatch(/^CdkRevokeIncidentStackRevoke1234[0-9a-f]{12}$/);
    expect(ownerSid(stackId, 'Revoke1234')).toBe(sid);
  });

  test('differs per stack instance and per resource', () => {
    const other = stackId.replace('0001', '0002');
    expect(ownerSid(other, 'Revoke1234')).not.toBe(ownerSid(stackId, 'Revoke1234'));
    expect(ownerSid(stackId, 'Revoke5678')).not.toBe(ownerSid(stackId, 'Revoke1234'));
  });
});

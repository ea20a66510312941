import {
  ownCutoff, ownStatement, readInlinePolicy, withOwnStatement,
} from '../../src/revoke-identity-center-sessions/inline-policy';

const OTHER = { Sid: 'Other', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };
const CUTOFF = Date.parse('2026-11-22T10:00:00Z');

test('the own statement replaces itself in place, other statements keep their order and content', () => {
  const read = readInlinePolicy(JSON.stringify({ Version: '2012-10-17', Statement: [ownStatement('Own', CUTOFF, []), OTHER] }));
  expect(read.ok).toBe(true);
  const next = withOwnStatement(read as any, 'Own', ownStatement('Own', CUTOFF + 1000, []));
  const doc = JSON.parse(next.text);
  expect(doc.Statement[0].Condition.DateLessThan['aws:TokenIssueTime']).toBe('2026-11-22T10:00:01Z');
  expect(doc.Statement[1]).toEqual(OTHER);
});

test('a single statement object is read as a list; removing the only own statement leaves nothing', () => {
  const read = readInlinePolicy(JSON.stringify({ Version: '2012-10-17', Statement: ownStatement('Own', CUTOFF, []) }));
  expect(withOwnStatement(read as any, 'Own', undefined)).toEqual({ text: '', statements: 0 });
});

test.each([
  ['Version: 2012', /not valid JSON/],
  ['[]', /not a JSON object/],
  ['{"Version":"2012-10-17"}', /no Statement element/],
  ['{"Statement":[],"Extra":1}', /top-level Extra element/],
  ['{"Statement":["Deny"]}', /a statement is not a JSON object/],
])('an inline policy this library cannot read is refused: %s', (text, reason) => {
  const read = readInlinePolicy(text);
  expect(read.ok).toBe(false);
  expect((read as { reason: string }).reason).toMatch(reason);
});

test('the own cutoff: none, every session, an instant, or unreadable', () => {
  expect(ownCutoff(undefined)).toBeUndefined();
  expect(ownCutoff(ownStatement('Own', Infinity, ['906723b4-d071-70a1-3b0a-b19e5a4e0f31']))).toBe(Infinity);
  expect(ownCutoff(ownStatement('Own', CUTOFF, []))).toBe(CUTOFF);
  expect(ownCutoff({ Sid: 'Own', Condition: { DateLessThan: { 'aws:TokenIssueTime': 'soon' } } })).toMatch(/cannot read/);
});

test('the policy\'s Id element is kept when the own statement is added or removed', () => {
  const read = readInlinePolicy(JSON.stringify({ Version: '2012-10-17', Id: 'team-policy-7', Statement: [OTHER] }));
  const added = withOwnStatement(read as any, 'Own', ownStatement('Own', CUTOFF, []));
  expect(JSON.parse(added.text)).toMatchObject({ Version: '2012-10-17', Id: 'team-policy-7' });
  const removed = withOwnStatement(readInlinePolicy(added.text) as any, 'Own', undefined);
  expect(JSON.parse(removed.text)).toEqual({ Version: '2012-10-17', Id: 'team-policy-7', Statement: [OTHER] });
});

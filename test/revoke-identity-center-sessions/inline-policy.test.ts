import { readInlinePolicy, renderPolicy } from '../../src/revoke-identity-center-sessions/inline-policy';

const OTHER = { Sid: 'Other', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' };

test('a single statement object is read as a list; no statements render as no policy', () => {
  const read = readInlinePolicy(JSON.stringify({ Version: '2012-10-17', Statement: OTHER }));
  expect(read).toEqual({ ok: true, statements: [OTHER], version: '2012-10-17' });
  expect(renderPolicy(read as any, [])).toBe('');
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

test('the policy\'s Version and Id elements are kept when it is written back', () => {
  const read = readInlinePolicy(JSON.stringify({ Version: '2008-10-17', Id: 'team-policy-7', Statement: [OTHER] }));
  expect(JSON.parse(renderPolicy(read as any, [OTHER]))).toEqual({ Version: '2008-10-17', Id: 'team-policy-7', Statement: [OTHER] });
});

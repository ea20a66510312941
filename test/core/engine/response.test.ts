import { firstNames } from '../../../src/core/engine/response';

describe('firstNames', () => {
  test('lists every name that fits, then how many more the log has', () => {
    expect(firstNames(['a', 'b', 'c'], 100)).toBe('a, b, c');
    expect(firstNames(['alpha', 'beta', 'gamma'], 12)).toBe('alpha, beta … and 1 more (see the function\'s log)');
    expect(firstNames([], 100)).toBe('none');
  });

  test('counts bytes, not characters', () => {
    expect(firstNames(['ééé', 'x'], 6)).toBe('ééé … and 1 more (see the function\'s log)');
  });
});

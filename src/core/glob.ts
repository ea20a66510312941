/** Role-name globs (`*` any characters, `?` one), matched as IAM's `ArnLike` and `StringLike` match them. */

/**
 * Whether `text` matches a glob (`*` any characters, `?` one), anchored and case-sensitive. A
 * linear scan that backtracks only to the last `*`, so at most glob × text steps: a regular
 * expression of `.*` groups backtracks exponentially (`*a*a*a*a*a*a*b` took 10 s on a 64-character
 * name), and a selection's globs reach the handler from the event.
 */
export function globMatches(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || (glob[g] !== '*' && glob[g] === text[t]))) {
      g++;
      t++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      resume = t;
    } else if (star >= 0) {
      g = star + 1;
      t = ++resume;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') {
    g++;
  }
  return g === glob.length;
}

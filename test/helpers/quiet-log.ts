/**
 * Jest setup: the handlers log one JSON line per decision. Thousands of them buried a failure's
 * cause, so tests run with `console.log` silenced; a test that asserts on the log spies on it,
 * and `REVOKE_TEST_LOG=1` shows it all.
 */
if (!process.env.REVOKE_TEST_LOG) {
  console.log = () => undefined;
}

export {};

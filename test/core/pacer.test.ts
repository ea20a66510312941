import { Pacer } from '../../src/core/pacer';

/** A pacer on a fake clock: sleeping advances time. */
function fakePacer(initialRate: number, burst: number) {
  let now = 0;
  const pacer = new Pacer({ initialRate, burst, minRate: 1, maxRate: 1000, now: () => now, sleep: async (ms) => { now += ms; } });
  return { pacer, clock: () => now, advance: (ms: number) => { now += ms; } };
}

test('starts a burst at once, then spaces calls at the rate', async () => {
  const { pacer, clock } = fakePacer(10, 5);
  for (let i = 0; i < 5; i++) {
    await pacer.acquire();
  }
  expect(clock()).toBe(0);
  for (let i = 0; i < 10; i++) {
    await pacer.acquire();
  }
  expect(clock()).toBeGreaterThanOrEqual(1000);
  expect(clock()).toBeLessThan(1100);
});

test('grows quickly until the first throttle, recovers quickly to the rate it cut from, then probes slowly', () => {
  const { pacer } = fakePacer(10, 5);
  for (let i = 0; i < 10; i++) {
    pacer.served();
  }
  expect(pacer.callsPerSecond).toBe(20);
  pacer.throttled();
  // 10 served in the last second, but never below half of 20.
  expect(pacer.callsPerSecond).toBe(10);
  for (let i = 0; i < 20; i++) {
    pacer.served();
  }
  expect(pacer.callsPerSecond).toBe(20);
  for (let i = 0; i < 10; i++) {
    pacer.served();
  }
  expect(pacer.callsPerSecond).toBeCloseTo(20.5);
});

test('a throttle drops the rate to what was served in the last second, never below half, once per second', () => {
  const { pacer, advance } = fakePacer(100, 5);
  for (let i = 0; i < 70; i++) {
    pacer.served();
  }
  advance(500);
  pacer.throttled();
  // 70 served in the last second, the rate was 170.
  expect(pacer.callsPerSecond).toBe(85);
  pacer.throttled();
  expect(pacer.callsPerSecond).toBe(85);
  advance(1500);
  pacer.throttled();
  // Nothing served in the last second: half, not zero.
  expect(pacer.callsPerSecond).toBe(42.5);
});

import { App } from 'aws-cdk-lib';

/**
 * Synthesizes the app and fails (exit code 1) on any warning, as `cdk synth --strict` does, so
 * every `cdk synth`, `diff` and `deploy` of the starter is strict without a flag: the CDK CLI
 * (2.1148.1) reads `--strict` only from its command line, never from `cdk.json`. A warning you
 * accept can be acknowledged: `Annotations.of(scope).acknowledgeWarning(id, reason)`.
 *
 * @returns the warnings, as `<path>: <message>`
 */
export function synthStrictly(app: App): string[] {
  const assembly = app.synth();
  const warnings = assembly.stacks.flatMap((stack) => stack.messages
    .filter((m) => m.level === 'warning')
    .map((m) => `${m.id}: ${String(m.entry.data)}`));
  if (warnings.length > 0) {
    console.error(`strict synth: ${warnings.length} warning(s), failing:\n${warnings.join('\n')}`);
    process.exitCode = 1;
  }
  return warnings;
}

/**
 * The npm package ships the construct library (lib/) and the bundled handler (assets/), not the
 * AWS SDK: `@aws-sdk/*` is a devDependency, which an app installing the package does not get. So
 * loading the library must never load the SDK, or every app fails at synth with
 * "Cannot find module '@aws-sdk/client-iam'" (found by installing the packed tarball in a new app).
 */
const SDK_PACKAGES = ['@aws-sdk/client-iam', '@aws-sdk/client-organizations', '@aws-sdk/client-sso-admin'];

test('importing the library and synthesizing its constructs loads no AWS SDK package', () => {
  jest.isolateModules(() => {
    for (const name of SDK_PACKAGES) {
      jest.doMock(name, () => {
        throw new Error(`the construct library loaded ${name}, which the npm package does not ship`);
      }, { virtual: true });
    }
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const lib = require('../src');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const cdk = require('aws-cdk-lib');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const iam = require('aws-cdk-lib/aws-iam');
    const stack = new cdk.Stack(new cdk.App(), 'S', { env: { account: '111122223333', region: 'us-east-1' } });
    const role = iam.Role.fromRoleName(stack, 'App', 'app');
    new lib.RevokeOlderSessions(stack, 'Explicit', { roles: [role], issuedBefore: lib.Cutoff.at('2026-11-22T10:00:00Z') });
    new lib.RevokeOlderSessions(stack, 'Selection', { selection: lib.RoleSelection.tagged('incident'), issuedBefore: lib.Cutoff.fromContextOrParameter(stack) });
    new lib.DenyAllSessions(stack, 'Kill', { roles: [role] });
    new lib.RevocationSwitch(stack, 'Switch', { issuedBefore: lib.Cutoff.at('2026-11-22T10:00:00Z') });
    expect(Object.keys(cdk.Stage.of(stack).synth().getStackByName('S').template.Resources).length).toBeGreaterThan(0);
  });
});

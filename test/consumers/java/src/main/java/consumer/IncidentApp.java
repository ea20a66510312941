package consumer;

import io.github.cdk_revoke_sessions.Cutoff;
import io.github.cdk_revoke_sessions.RevokeOlderSessions;
import io.github.cdk_revoke_sessions.RoleSelection;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.cxapi.CloudAssembly;
import software.amazon.awscdk.services.iam.Role;

/** A Java CDK app using the package built from this repository; .ci/consumers runs it. */
public final class IncidentApp {
  public static void main(final String[] args) {
    App app = new App(AppProps.builder().outdir(args[0]).build());
    Stack stack = new Stack(app, "JavaIncident", StackProps.builder()
        .env(Environment.builder().account("111122223333").region("us-east-1").build()).build());
    RevokeOlderSessions.Builder.create(stack, "RevokeLeaked")
        .roles(List.of(Role.fromRoleName(stack, "Leaked", "payments-api")))
        .issuedBefore(Cutoff.at("2026-11-22T10:00:00Z"))
        .stackOutputs(true)
        .build();
    RevokeOlderSessions.Builder.create(stack, "RevokeTagged")
        .selection(RoleSelection.tagged("incident", "ir-42"))
        .issuedBefore(Cutoff.fromContextOrParameter(stack))
        .build();
    CloudAssembly assembly = app.synth();

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources =
        (Map<String, Map<String, Object>>) ((Map<String, Object>) assembly.getStackByName("JavaIncident").getTemplate()).get("Resources");
    long revocations = resources.values().stream().filter(r -> "Custom::RevokeOlderSessions".equals(r.get("Type"))).count();
    if (revocations != 2) {
      throw new IllegalStateException("expected 2 Custom::RevokeOlderSessions, found " + revocations);
    }
    System.out.println("java consumer: synthesized JavaIncident, " + resources.size() + " resources, " + revocations + " revocations");
  }
}

package kr.publicdata.scheduler.infra;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;

import java.util.List;
import java.util.Map;

import static kr.publicdata.scheduler.infra.Synth.props;
import static kr.publicdata.scheduler.infra.Synth.val;
import static org.assertj.core.api.Assertions.assertThat;

/** A production deployment with an existing issuer, a disabled source, overrides and no Slack; built once. */
class ConfiguredStackTest {

    private static Synth synth;

    @BeforeAll
    static void synthesize() {
        synth = new Synth(Map.of(
                "env", "prod",
                "jwtIssuer", "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_example",
                "jwtAudience", "[\"client-a\"]",
                "disabledSources", "steep-slopes",
                "sourceMemoryMb", Map.of("parking-availability", 1536),
                "sourceTimeoutSeconds", "parking-availability=120",
                "alertEmails", List.of("ops@example.org"),
                "slackEnabled", "false"));
    }

    @Test
    void production_retainsTablesAndSecrets() {
        assertThat(synth.resources("AWS::DynamoDB::GlobalTable").values()).hasSize(2).allSatisfy(t -> {
            assertThat(t.get("DeletionPolicy")).isEqualTo("Retain");
            assertThat(val(props(t), "Replicas", "0", "DeletionProtectionEnabled")).isEqualTo(true);
        });
        assertThat(synth.resources("AWS::SecretsManager::Secret").values())
                .allSatisfy(s -> assertThat(s.get("DeletionPolicy")).isEqualTo("Retain"));
    }

    @Test
    void existingIssuer_replacesTheUserPool() {
        assertThat(synth.resources("AWS::Cognito::UserPool")).isEmpty();
        synth.template.hasResourceProperties("AWS::ApiGatewayV2::Authorizer", Match.objectLike(Map.of(
                "AuthorizerType", "JWT",
                "JwtConfiguration", Map.of("Audience", List.of("client-a"),
                        "Issuer", "https://cognito-idp.ap-northeast-2.amazonaws.com/ap-northeast-2_example"))));
        assertThat(synth.resources("AWS::ApiGatewayV2::Route").values())
                .allSatisfy(r -> assertThat(props(r).get("AuthorizationType")).isEqualTo("JWT"));
    }

    @Test
    void disabledSource_hasNoFetcherAndIsLeftOutOfItsJob() {
        assertThat(synth.resources("AWS::Lambda::Function").values().stream()
                .map(f -> (String) props(f).get("FunctionName")))
                .doesNotContain("pdus-prod-fetch-steep-slopes", "pdus-prod-slack-notifier")
                .contains("pdus-prod-fetch-flood-traces");
        Map<String, Object> monthly = props(synth.resources("AWS::StepFunctions::StateMachine").get(synth.idOf(
                "AWS::StepFunctions::StateMachine", "StateMachineName", "pdus-prod-monthlyDataUpdate")));
        assertThat(val(monthly, "DefinitionSubstitutions", "JobSources"))
                .isEqualTo("flood-traces,snow-boxes,earthquake-shelters");
    }

    @Test
    void overridesAndEmails_areApplied() {
        synth.template.hasResourceProperties("AWS::Lambda::Function", Match.objectLike(Map.of(
                "FunctionName", "pdus-prod-fetch-parking-availability", "MemorySize", 1536, "Timeout", 120)));
        synth.template.hasResourceProperties("AWS::SNS::Subscription", Map.of("Protocol", "email",
                "Endpoint", "ops@example.org", "TopicArn", Match.anyValue()));
        assertThat(synth.resources("AWS::SNS::Subscription")).hasSize(1);
    }

    @Test
    void cdkNag_findsNothing() {
        Annotations annotations = Annotations.fromStack(synth.stack);
        assertThat(annotations.findError("*", Match.anyValue())).isEmpty();
        assertThat(annotations.findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))).isEmpty();
    }
}

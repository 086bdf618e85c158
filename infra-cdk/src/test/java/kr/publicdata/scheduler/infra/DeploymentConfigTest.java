package kr.publicdata.scheduler.infra;

import kr.publicdata.scheduler.catalogue.Catalogue;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeploymentConfigTest {

    private static final Catalogue CATALOGUE = Catalogue.load();

    private static DeploymentConfig config(Map<String, Object> context) {
        return DeploymentConfig.fromContext(context::get, CATALOGUE);
    }

    @Test
    void fromContext_whenEmpty_isADevDeploymentWithTheUserPoolAndSlack() {
        DeploymentConfig c = config(Map.of());
        assertThat(c.prefix()).isEqualTo("pdus-dev-");
        assertThat(c.production()).isFalse();
        assertThat(c.jwt()).isEmpty();
        assertThat(c.slackEnabled()).isTrue();
        assertThat(c.enabledSources(CATALOGUE)).hasSize(CATALOGUE.sources().size());
    }

    @Test
    void fromContext_readsJsonAndCommaText() {
        DeploymentConfig c = config(Map.of("alertEmails", "a@example.org, b@example.org",
                "disabledSources", List.of("snow-boxes"), "sourceMemoryMb", "{\"cctv\": 3008}"));
        assertThat(c.alertEmails()).containsExactly("a@example.org", "b@example.org");
        assertThat(c.enabledSources(CATALOGUE.job("monthlyDataUpdate").orElseThrow()))
                .containsExactly("flood-traces", "steep-slopes", "earthquake-shelters");
        assertThat(c.memoryMb()).containsEntry("cctv", 3008);
    }

    @Test
    void fromContext_whenASourceIsUnknown_namesTheKeyAndTheValidSources() {
        assertThatThrownBy(() -> config(Map.of("disabledSources", "cctvv")))
                .hasMessageContaining("disabledSources").hasMessageContaining("[cctvv]").hasMessageContaining("cctv");
    }

    @Test
    void fromContext_whenTimeoutExceedsLambdasLimit_fails() {
        assertThatThrownBy(() -> config(Map.of("sourceTimeoutSeconds", "street-lights=1200")))
                .hasMessageContaining("900");
    }

    @Test
    void fromContext_whenIssuerComesWithoutAudience_fails() {
        assertThatThrownBy(() -> config(Map.of("jwtIssuer", "https://issuer.example.org")))
                .hasMessageContaining("jwtAudience");
    }
}

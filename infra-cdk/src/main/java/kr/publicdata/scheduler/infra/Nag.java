package kr.publicdata.scheduler.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.constructs.IConstruct;

import java.util.List;

/** cdk-nag suppressions, each with the reason a security reviewer reads in the template's metadata. */
final class Nag {

    static final String QUEUE_IS_A_DLQ = "This queue is itself a dead-letter queue (where failed deliveries end); "
            + "giving it another DLQ only moves the problem. An alarm on its depth alerts the operators and messages "
            + "are kept 14 days for inspection and replay.";

    private Nag() {
    }

    static void suppress(IConstruct construct, String rule, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).reason(reason).build()), true);
    }

    /** A suppression limited to the findings named (e.g. {@code Resource::*}), so any other finding still fails. */
    static void suppress(IConstruct construct, String rule, List<String> appliesTo, String reason) {
        NagSuppressions.addResourceSuppressions(construct,
                List.of(NagPackSuppression.builder().id(rule).appliesTo(List.copyOf(appliesTo)).reason(reason).build()),
                true);
    }
}

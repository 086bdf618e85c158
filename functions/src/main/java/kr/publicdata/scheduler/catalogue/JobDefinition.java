package kr.publicdata.scheduler.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * A scheduled job: its EventBridge Scheduler expression (in the catalogue's time zone), its sources, and
 * how long a run may hold the job's lease before another run may start anyway.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobDefinition(String name, String schedule, String description, int timeoutMinutes,
                            List<String> sources) {

    public JobDefinition {
        sources = List.copyOf(sources);
    }
}

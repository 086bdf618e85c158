package kr.publicdata.scheduler.catalogue;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/** A scheduled job: its EventBridge Scheduler expression (in the catalogue's time zone) and its sources. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record JobDefinition(String name, String schedule, String description, List<String> sources) {

    public JobDefinition {
        sources = List.copyOf(sources);
    }
}

package kr.publicdata.scheduler.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import kr.publicdata.scheduler.catalogue.Family;
import kr.publicdata.scheduler.local.SampleDataset;

import java.net.URI;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** Serves a {@link SampleDataset} from WireMock at an endpoint's path, one stub per page (and one past the end). */
public final class PortalStubs {

    private PortalStubs() {
    }

    public static void serve(WireMockServer portal, String endpoint, SampleDataset data, int pageSize) {
        int pages = Math.max(1, (data.size() + pageSize - 1) / pageSize);
        for (int page = 1; page <= pages + 1; page++) {
            portal.stubFor(pageRequest(endpoint, data.family(), page, pageSize)
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json;charset=UTF-8")
                            .withBody(data.page(page, pageSize))));
        }
    }

    /** Matches the request for one page in the family's paging scheme. */
    public static MappingBuilder pageRequest(String endpoint, Family family, int page, int pageSize) {
        MappingBuilder request = get(urlPathEqualTo(URI.create(endpoint).getPath()));
        return family == Family.GEOJSON
                ? request.withQueryParam("startIndex", equalTo(Integer.toString((page - 1) * pageSize)))
                : request.withQueryParam("pageNo", equalTo(Integer.toString(page)));
    }
}

package it.pis.gateway.inbound;

import it.pis.gateway.crypto.PartnerPortFilter;
import jakarta.servlet.http.HttpServletRequest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads a partner's HTTP request into a {@link PartnerRequest}, for the channels' thin controllers. */
public final class PartnerRequests {

    private PartnerRequests() {
    }

    /**
     * @param maxBytes at most {@code maxBytes + 1} bytes are read, so that a channel sees a body is too
     *                 large (and refuses it) without buffering all of it; the kept prefix is journaled
     */
    public static PartnerRequest read(HttpServletRequest request, String channel, String operation, int maxBytes)
            throws IOException {
        try (InputStream in = request.getInputStream()) {
            return of(request, channel, operation, in.readNBytes(maxBytes + 1));
        }
    }

    /** The request with a body its channel has already read (e.g. CXF, which owns the input stream). */
    public static PartnerRequest of(HttpServletRequest request, String channel, String operation, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name, request.getHeader(name));
        }
        return new PartnerRequest(channel, operation, headers, body, PartnerPortFilter.clientCertificates(request));
    }
}

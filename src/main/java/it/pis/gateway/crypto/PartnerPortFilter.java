package it.pis.gateway.crypto;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Keeps the two faces of the gateway apart: partner endpoints ({@link #PARTNER_PATHS}) answer only
 * on the partner HTTPS port, and the staff and admin APIs never answer there.
 */
public final class PartnerPortFilter extends OncePerRequestFilter {

    /** Path prefixes of the partner-facing channels: FHIR R4, SOAP, JSON REST. */
    public static final List<String> PARTNER_PATHS = List.of("/fhir", "/soap", "/json");

    /** Where the servlet container puts the client's certificate chain (leaf first). */
    public static final String CLIENT_CERTIFICATES = "jakarta.servlet.request.X509Certificate";

    private final int partnerPort;

    public PartnerPortFilter(int partnerPort) {
        this.partnerPort = partnerPort;
    }

    /** The chain the client presented in the TLS handshake, or an empty array. */
    public static X509Certificate[] clientCertificates(HttpServletRequest request) {
        Object chain = request.getAttribute(CLIENT_CERTIFICATES);
        return chain instanceof X509Certificate[] certificates ? certificates : new X509Certificate[0];
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean partnerPath = isPartnerPath(request.getRequestURI());
        boolean onPartnerPort = request.getLocalPort() == partnerPort && request.isSecure();
        if (partnerPath && !onPartnerPort) {
            refuse(response, HttpServletResponse.SC_FORBIDDEN, "partner endpoints are served only over HTTPS on port "
                    + partnerPort + ", with the client certificate named in the partner's agreement");
        } else if (!partnerPath && onPartnerPort) {
            refuse(response, HttpServletResponse.SC_NOT_FOUND, "not a partner endpoint: this port serves only "
                    + String.join(", ", PARTNER_PATHS));
        } else {
            chain.doFilter(request, response);
        }
    }

    private static boolean isPartnerPath(String uri) {
        return PARTNER_PATHS.stream().anyMatch(p -> uri.equals(p) || uri.startsWith(p + "/"));
    }

    private static void refuse(HttpServletResponse response, int status, String error) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getOutputStream().write(("{\"error\":\"" + error + "\"}").getBytes(StandardCharsets.UTF_8));
    }
}

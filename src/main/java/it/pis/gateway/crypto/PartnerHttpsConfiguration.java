package it.pis.gateway.crypto;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Partners reach the gateway on their own HTTPS connector ({@code pis.partner.https-port}, 8443),
 * never on the staff port. The connector asks every client for a certificate and lets the
 * handshake finish whatever it shows ({@link AnyClientCertificate}); {@link PartnerCertificates}
 * then refuses the request with a reason a partner can act on (none, expired, untrusted, not in
 * any agreement) instead of a bare TLS alert.
 */
@Configuration(proxyBeanMethods = false)
class PartnerHttpsConfiguration {

    /**
     * The connector is added once the application has started, not with the web server: Tomcat
     * starts before the Camel routes that answer partners, and a partner must never reach a port
     * whose routes do not run yet. (The staff port opens with the web server, as it needs no route.)
     */
    @Bean
    ApplicationListener<ApplicationStartedEvent> partnerConnector(
            GatewayKeys keys, @Value("${pis.partner.host}") String host, @Value("${pis.partner.https-port}") int port) {
        return event -> {
            if (event.getApplicationContext() instanceof WebServerApplicationContext web
                    && web.getWebServer() instanceof TomcatWebServer tomcat) {
                tomcat.getTomcat().getService().addConnector(connector(keys, host, port));
            }
        };
    }

    private static Connector connector(GatewayKeys keys, String host, int port) {
        Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
        connector.setPort(port);
        connector.setScheme("https");
        connector.setSecure(true);
        connector.setProperty("address", host);
        connector.setProperty("SSLEnabled", "true");
        SSLHostConfig ssl = new SSLHostConfig();
        ssl.setCertificateVerification("optional");
        ssl.setTrustManagerClassName(AnyClientCertificate.class.getName());
        ssl.setProtocols("TLSv1.2+TLSv1.3");
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(ssl, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateFile(keys.certificateFile().toAbsolutePath().toString());
        certificate.setCertificateKeyFile(keys.privateKeyFile().toAbsolutePath().toString());
        ssl.addCertificate(certificate);
        connector.addSslHostConfig(ssl);
        return connector;
    }

    @Bean
    FilterRegistrationBean<PartnerPortFilter> partnerPortFilter(@Value("${pis.partner.https-port}") int port) {
        FilterRegistrationBean<PartnerPortFilter> registration = new FilterRegistrationBean<>(new PartnerPortFilter(port));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }
}

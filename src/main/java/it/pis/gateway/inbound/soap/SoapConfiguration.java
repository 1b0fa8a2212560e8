package it.pis.gateway.inbound.soap;

import it.pis.gateway.crypto.CertificateTrust;
import it.pis.gateway.crypto.PartnerCertificates;
import it.pis.gateway.inbound.CertificateIdentification;
import org.apache.camel.ProducerTemplate;
import org.apache.cxf.Bus;
import org.apache.cxf.bus.spring.SpringBus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.apache.cxf.transport.servlet.CXFServlet;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.time.Clock;
import java.time.Duration;

/**
 * The SOAP channel: CXF on the gateway's Tomcat ({@code /soap/*}, served only on the partner
 * HTTPS port by PartnerPortFilter), the SubmitReport endpoint at {@code /soap/segnalazioni} (WSDL
 * at {@code ?wsdl}), and the beans routes/soap-in.yaml calls by name.
 */
@Configuration(proxyBeanMethods = false)
class SoapConfiguration {

    static final String WSDL = "classpath:wsdl/segnalazioni.wsdl";

    @Bean
    SoapPathSyntax soapPathSyntax() {
        return new SoapPathSyntax();
    }

    @Bean(name = Bus.DEFAULT_BUS_ID, destroyMethod = "shutdown")
    SpringBus cxf() {
        return new SpringBus();
    }

    @Bean
    ServletRegistrationBean<CXFServlet> soapServlet(Bus cxf) {
        CXFServlet servlet = new CXFServlet();
        servlet.setBus(cxf);
        ServletRegistrationBean<CXFServlet> registration = new ServletRegistrationBean<>(servlet, "/soap/*");
        registration.setName("soap");
        registration.setLoadOnStartup(1);
        return registration;
    }

    @Bean
    EndpointImpl segnalazioniEndpoint(Bus cxf, ProducerTemplate routes, CertificateIdentification identification,
                                      @Value("${pis.soap.max-message-bytes}") int maxBytes) {
        EndpointImpl endpoint = new EndpointImpl(cxf, new SoapEndpoint(routes));
        endpoint.setWsdlLocation(WSDL);
        endpoint.setServiceName(new QName(SoapIntake.NAMESPACE, "SegnalazioniService"));
        endpoint.setEndpointName(new QName(SoapIntake.NAMESPACE, "SegnalazioniPort"));
        endpoint.getInInterceptors().add(new SoapCapture(maxBytes));
        endpoint.getOutFaultInterceptors().add(new SoapRefusals(routes, identification));
        endpoint.publish("/segnalazioni");
        return endpoint;
    }

    @Bean
    WsSecurityCheck wsSecurityCheck(CertificateTrust trust, Clock clock,
                                    @Value("${pis.soap.timestamp-ttl}") Duration ttl,
                                    @Value("${pis.soap.future-skew}") Duration futureSkew) {
        return new WsSecurityCheck(trust, ttl, futureSkew, clock);
    }

    @Bean
    SoapIntake soapIntake(CertificateIdentification identification, PartnerCertificates certificates,
                          WsSecurityCheck wsSecurityCheck) {
        return new SoapIntake(identification, certificates, wsSecurityCheck, schema());
    }

    @Bean
    SoapAnswers soapAnswers() {
        return new SoapAnswers();
    }

    static Schema schema() {
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newSchema(SoapConfiguration.class.getResource("/wsdl/segnalazioni.xsd"));
        } catch (SAXException e) {
            throw new IllegalStateException("wsdl/segnalazioni.xsd is not a valid schema", e);
        }
    }
}

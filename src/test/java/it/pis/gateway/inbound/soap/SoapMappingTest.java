package it.pis.gateway.inbound.soap;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementFiles;
import it.pis.gateway.agreement.FieldRule;
import it.pis.gateway.inbound.InboundMessage;
import it.pis.gateway.inbound.ReportAssembler;
import it.pis.gateway.report.IdentifierType;
import it.pis.gateway.report.Report;
import it.pis.gateway.report.Sex;
import it.pis.gateway.report.TargetGroup;
import it.pis.gateway.report.Urgency;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXParseException;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static it.pis.gateway.inbound.soap.SignedEnvelopes.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Element-path mapping of SOAP requests: the path syntax, the reader, and the live police agreement. */
class SoapMappingTest {

    final SoapPathSyntax syntax = new SoapPathSyntax();

    static Element operation(String envelope) throws Exception {
        Document document = SoapIntake.parseSecurely(envelope.getBytes(StandardCharsets.UTF_8));
        return (Element) document.getElementsByTagNameNS(SoapIntake.NAMESPACE, "SubmitReport").item(0);
    }

    @Test
    void pathsAreElementNamesWithAnOptionalAttributeAndOneRepetitionMark() {
        for (String ok : List.of("narrative", "person/familyName", "targetGroups/targetGroup", "person/identifier(*)",
                "person/identifier(*)/@type", "person/identifier/@type")) {
            assertThat(syntax.problemWith(ok)).as(ok).isEmpty();
        }
        for (String bad : List.of("", "/person", "person//name", "person/@type/x", "//narrative", "count(person)",
                "a(*)/b(*)", "5th", "person/name[1]", "a/b/c/d/e/f/g/h/i")) {
            assertThat(syntax.problemWith(bad)).as(bad).hasValueSatisfying(p -> assertThat(p).contains("SOAP element path"));
        }
    }

    @Test
    void theReaderReadsEveryRepetitionAndFiltersThemWithWhere() throws Exception {
        SoapSourceReader reader = new SoapSourceReader(operation(request("M-1", "QUESTURA-MI")));
        assertThat(reader.read(FieldRule.path("targetGroups/targetGroup"))).containsExactly("SENZA_DIMORA", "ADULTO_IN_DIFFICOLTA");
        assertThat(reader.read(FieldRule.path("person/identifier/@type"))).containsExactly("PASSPORT", "CF");
        assertThat(reader.read(new FieldRule("person/identifier(*)", Map.of("person/identifier(*)/@type", List.of("CF")), null, null)))
                .containsExactly("RSSMRA85T10A562S");
        assertThat(reader.read(FieldRule.path("person/estimatedAge"))).isEmpty();
        assertThat(reader.read(FieldRule.path("location/istatCode"))).containsExactly("015146");
    }

    @Test
    void theLivePoliceAgreementMapsEveryReportField() throws Exception {
        Agreement questura = AgreementFiles.loader().load(AgreementFiles.DEMO).byId("questura-milano").orElseThrow();
        String envelope = request("M-7", "QUESTURA-MI");
        InboundMessage message = new InboundMessage(SoapIntake.CHANNEL, envelope.getBytes(StandardCharsets.UTF_8))
                .claimed("QUESTURA-MI", "M-7", "SubmitReport").identifiedAs(questura);
        Report report = ReportAssembler.assemble(message, questura.inboundOn(SoapIntake.CHANNEL).orElseThrow(),
                new SoapSourceReader(operation(envelope)));
        assertThat(report.urgency()).isEqualTo(Urgency.EMERGENCY);
        assertThat(report.targetGroups()).containsExactly(TargetGroup.HOMELESS, TargetGroup.ADULT_IN_DIFFICULTY);
        assertThat(report.person().familyName()).isEqualTo("Rossi");
        assertThat(report.person().birthDate()).isEqualTo(LocalDate.of(1985, 12, 10));
        assertThat(report.person().sex()).isEqualTo(Sex.M);
        assertThat(report.person().identifier().type()).isEqualTo(IdentifierType.CF);
        assertThat(report.person().citizenship()).isEqualTo("IT");
        assertThat(report.location().municipalityIstat()).isEqualTo("015146");
        assertThat(report.location().lat()).isEqualTo(45.4862);
        assertThat(report.narrative()).startsWith("Uomo senza dimora");
        assertThat(report.contact().phone()).isEqualTo("+39 02 62261");
        assertThat(report.source().sourceType()).isEqualTo("5");
        assertThat(report.source().externalId()).isEqualTo("M-7");
    }

    @Test
    void theGatewaysOwnParserRefusesAnyDoctype() {
        String attack = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
        assertThatThrownBy(() -> SoapIntake.parseSecurely(attack.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SAXParseException.class).hasMessageContaining("DOCTYPE");
    }
}

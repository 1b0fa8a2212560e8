package it.pis.gateway.publishing;

import it.pis.gateway.journal.ReportOutbox.Waiting;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import org.springframework.jms.JmsException;
import org.springframework.jms.core.JmsTemplate;

import java.util.List;

/**
 * Puts reports on the pis.reports queue, persistent, each as its JSON with its id as Artemis'
 * duplicate id ({@code _AMQ_DUPL_ID}, and {@code reportId}) and its partner as the message group
 * ({@code JMSXGroupID}, and {@code partnerId}), in the order given.
 * <p>
 * A batch goes in one broker transaction: one disk sync for the batch instead of one per report.
 * Artemis refuses a whole transaction that holds one id it has already taken (a resend after a
 * crash between the send and the outbox's removal); such a batch is sent again one report at a
 * time outside a transaction, where the broker drops the duplicates silently.
 * <p>
 * Plain Spring JMS, not a Camel endpoint: a batch in one JMS transaction, with its commit and that
 * fallback, is a dozen lines here and a transaction manager plus a split in a route.
 */
public class ReportSender {

    private final JmsTemplate batches;
    private final JmsTemplate single;
    private final String queue;

    public ReportSender(ConnectionFactory connections, String queue) {
        this.batches = template(connections, true);
        this.single = template(connections, false);
        this.queue = queue;
    }

    private static JmsTemplate template(ConnectionFactory connections, boolean transacted) {
        JmsTemplate template = new JmsTemplate(connections);
        template.setSessionTransacted(transacted);
        return template;
    }

    /** Sends the batch, or throws {@link JmsException} when the broker did not take it (all of it is sent again later). */
    public void send(List<Waiting> batch) {
        try {
            batches.execute(session -> {
                send(session, batch);
                session.commit();
                return null;
            }, false);
        } catch (JmsException refused) {
            // a duplicate id refused by the transaction, or the broker gone: one at a time tells them apart
            single.execute(session -> {
                send(session, batch);
                return null;
            }, false);
        }
    }

    private void send(Session session, List<Waiting> batch) throws JMSException {
        try (MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            for (Waiting report : batch) {
                TextMessage message = session.createTextMessage(report.json());
                message.setStringProperty("_AMQ_DUPL_ID", report.reportId());
                message.setStringProperty("reportId", report.reportId());
                message.setStringProperty("JMSXGroupID", report.partnerId());
                message.setStringProperty("partnerId", report.partnerId());
                producer.send(message);
            }
        }
    }
}

package it.pis.gateway.faults;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.util.HashMap;
import java.util.Map;

/**
 * The staff side of pis.reports: a consumer that recognises a report by its id. Drained after a
 * case, it tells how many times each report reached consumers.
 */
final class ReportsQueue {

    private final String url;

    ReportsQueue(String url) {
        this.url = url;
    }

    /** Consumes everything on the queue: deliveries per report id. */
    Map<String, Integer> drain() throws JMSException {
        Map<String, Integer> deliveries = new HashMap<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, ArtemisProcess.USER, ArtemisProcess.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("pis.reports"));
            Message message;
            while ((message = consumer.receive(3000)) != null) {
                deliveries.merge(message.getStringProperty("reportId"), 1, Integer::sum);
            }
        }
        return deliveries;
    }
}

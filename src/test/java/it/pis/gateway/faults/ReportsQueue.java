package it.pis.gateway.faults;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The staff side of pis.reports: a consumer that recognises a report by its id. Drained after a
 * case, it tells which reports reached consumers, in what order and how many times.
 */
final class ReportsQueue {

    private final String url;

    ReportsQueue(String url) {
        this.url = url;
    }

    /** Consumes everything on the queue: the report ids in the order they came. */
    List<String> drain() throws JMSException {
        List<String> deliveries = new ArrayList<>();
        try (ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(url, ArtemisProcess.USER, ArtemisProcess.PASSWORD);
             Connection connection = factory.createConnection()) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer consumer = session.createConsumer(session.createQueue("pis.reports"));
            Message message;
            while ((message = consumer.receive(3000)) != null) {
                deliveries.add(message.getStringProperty("reportId"));
            }
        }
        return deliveries;
    }
}

package io.lookout.it.probe;

import jakarta.annotation.Resource;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSProducer;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Test-only: {@code POST /queue-probe/send?project=..&key=..&kind=text|bytes&testCase=..} puts the
 * body on Lookout's event queue the way an enterprise application inside the server would, and
 * answers the JMS message id.
 */
@WebServlet("/send")
public class QueueProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Resource(lookup = "java:/jms/queue/lookout/events")
    private Queue queue;

    @Resource(lookup = "java:/ConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] body = request.getInputStream().readAllBytes();
        try (JMSContext jms = connectionFactory.createContext()) {
            Message message = "bytes".equals(request.getParameter("kind"))
                    ? jms.createBytesMessage()
                    : jms.createTextMessage(new String(body, StandardCharsets.UTF_8));
            if (message instanceof jakarta.jms.BytesMessage bytes) {
                bytes.writeBytes(body);
            }
            JMSProducer producer = jms.createProducer();
            setIfPresent(producer, "lookoutProject", request.getParameter("project"));
            setIfPresent(producer, "lookoutKey", request.getParameter("key"));
            setIfPresent(producer, "testCase", request.getParameter("testCase"));
            producer.send(queue, message);
            response.setContentType("text/plain");
            response.getWriter().write(message.getJMSMessageID());
        } catch (jakarta.jms.JMSException e) {
            throw new IOException(e);
        }
    }

    private static void setIfPresent(JMSProducer producer, String name, String value) {
        if (value != null) {
            producer.setProperty(name, value);
        }
    }
}

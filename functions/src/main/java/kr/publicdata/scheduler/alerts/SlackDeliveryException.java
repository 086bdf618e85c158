package kr.publicdata.scheduler.alerts;

/**
 * A message that could not be delivered to Slack. Thrown out of the handler so that Lambda's asynchronous
 * retries and the on-failure destination see it; the message never contains the webhook URL.
 */
public final class SlackDeliveryException extends RuntimeException {

    public SlackDeliveryException(String message) {
        super(message);
    }
}

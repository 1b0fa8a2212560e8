package it.pis.gateway.outbound.json;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The HTTP client of JSON REST deliveries never retries by itself. Apache HttpClient would resend a
 * POST once after a 503 or 429, sleeping for the receiver's Retry-After in the delivery worker;
 * here every attempt is one request that the delivery core journals, and retries follow the
 * agreement's backoff.
 */
public final class JsonRestClient implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries();
    }
}

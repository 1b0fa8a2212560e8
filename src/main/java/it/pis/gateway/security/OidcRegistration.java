package it.pis.gateway.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;

import java.util.Iterator;
import java.util.List;

/**
 * The one OIDC provider of {@code pis.security.oidc.*}, discovered from its issuer on first use
 * rather than at start: the gateway keeps taking reports while the provider is down, and a
 * failed discovery is tried again at the next login.
 */
class OidcRegistration implements ClientRegistrationRepository, Iterable<ClientRegistration> {

    static final String ID = "oidc";
    private static final Logger log = LoggerFactory.getLogger(OidcRegistration.class);

    private final SecuritySettings.Oidc settings;
    private volatile ClientRegistration registration;

    OidcRegistration(SecuritySettings.Oidc settings) {
        this.settings = settings;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        return ID.equals(registrationId) ? registration() : null;
    }

    /** The login page lists the provider even while it cannot be reached (the link then fails with its reason). */
    @Override
    public Iterator<ClientRegistration> iterator() {
        try {
            return List.of(registration()).iterator();
        } catch (RuntimeException unreachable) {
            log.warn("OIDC provider {} not reachable: {}", settings.issuerUri(), unreachable.getMessage());
            return List.<ClientRegistration>of().iterator();
        }
    }

    private ClientRegistration registration() {
        ClientRegistration known = registration;
        if (known == null) {
            synchronized (this) {
                if (registration == null) {
                    registration = ClientRegistrations.fromIssuerLocation(settings.issuerUri())
                            .registrationId(ID)
                            .clientId(settings.clientId())
                            .clientSecret(settings.clientSecret())
                            .scope(settings.scopesOrDefault())
                            .userNameAttributeName(settings.usernameClaimOrDefault())
                            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                            .clientName(settings.name() == null || settings.name().isBlank() ? "OIDC" : settings.name())
                            .build();
                }
                known = registration;
            }
        }
        return known;
    }
}

package it.pis.gateway.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

import java.util.List;

/**
 * Bearer JWTs of {@code pis.security.bearer.*}: signed with the issuer's published keys, issued by
 * it, not expired, for the audience when one is set. The issuer is discovered at the first token,
 * not at start-up (Spring's decoder would ask at once): a gateway must start and take reports while
 * the identity provider is down, and a failed discovery is tried again at the next token.
 */
final class IssuerJwtDecoder implements JwtDecoder {

    private final SecuritySettings.Bearer settings;
    private volatile JwtDecoder decoder;

    IssuerJwtDecoder(SecuritySettings.Bearer settings) {
        this.settings = settings;
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        return decoder().decode(token);
    }

    private JwtDecoder decoder() {
        JwtDecoder known = decoder;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (decoder == null) {
                NimbusJwtDecoder nimbus;
                try {
                    nimbus = NimbusJwtDecoder.withIssuerLocation(settings.issuerUri()).build();
                } catch (RuntimeException unreachable) {
                    throw new BadJwtException("cannot check the token now: issuer " + settings.issuerUri()
                            + " did not answer its discovery (" + unreachable.getMessage() + ")", unreachable);
                }
                nimbus.setJwtValidator(validator(settings));
                decoder = nimbus;
            }
            return decoder;
        }
    }

    static OAuth2TokenValidator<Jwt> validator(SecuritySettings.Bearer settings) {
        OAuth2TokenValidator<Jwt> validator = JwtValidators.createDefaultWithIssuer(settings.issuerUri());
        if (settings.audience() == null || settings.audience().isBlank()) {
            return validator;
        }
        return new DelegatingOAuth2TokenValidator<>(validator, new JwtClaimValidator<List<String>>("aud",
                aud -> aud != null && aud.contains(settings.audience())));
    }
}

package it.pis.testauth;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real OAuth 2.1 / OpenID Connect authorization server (Spring Security's), started on a random
 * port of {@code localhost} for the tests: it issues client-credentials tokens to test machines
 * (with a {@code roles} claim) and logs people in with the authorization code flow for the
 * gateway's OIDC login. Only Spring Security and Tomcat run in it: no auto-configuration. It lives
 * outside {@code it.pis.gateway} so that the gateway's component scan never picks it up.
 */
public final class TestAuthorizationServer implements AutoCloseable {

    /** The gateway as an OIDC client; any port of 127.0.0.1 is accepted as its redirect (RFC 8252). */
    public static final String GATEWAY_CLIENT = "pis-gateway";
    public static final String GATEWAY_SECRET = "gateway-client-secret";
    /** People of the provider; {@link #OIDC_OPERATOR} is an OPERATOR on the gateway, {@link #OIDC_STRANGER} unknown there. */
    public static final String OIDC_OPERATOR = "oidc.operatore";
    public static final String OIDC_STRANGER = "oidc.sconosciuto";
    public static final String OIDC_PASSWORD = "provider-password-1";
    /** Each test machine's secret is its id followed by this (the server wants every secret unique). */
    public static final String MACHINE_SECRET = "-secret";

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final ConfigurableApplicationContext context;

    private TestAuthorizationServer(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static TestAuthorizationServer start() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Server.class)
                .web(WebApplicationType.SERVLET)
                .properties("spring.config.name=pis-test-authorization-server", "spring.main.banner-mode=off")
                .run();
        return new TestAuthorizationServer(context);
    }

    public String issuer() {
        return "http://localhost:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** A client-credentials access token of a test machine ({@code it-operator}, {@code it-metrics}, {@code it-nobody}). */
    public String token(String clientId) throws Exception {
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientId + MACHINE_SECRET).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(issuer() + "/oauth2/token"))
                .header("Authorization", "Basic " + basic).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(response.body());
        if (response.statusCode() != 200 || !token.find()) {
            throw new IllegalStateException("no token for " + clientId + ": " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    @Override
    public void close() {
        context.close();
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    static class Server {

        @Bean
        TomcatServletWebServerFactory tomcat() {
            TomcatServletWebServerFactory tomcat = new TomcatServletWebServerFactory(0);
            // filters run only for a request some servlet is mapped to; every endpoint here is a filter
            tomcat.setRegisterDefaultServlet(true);
            return tomcat;
        }

        @Bean
        SecurityFilterChain authorizationServer(HttpSecurity http) throws Exception {
            http.oauth2AuthorizationServer(as -> as.oidc(Customizer.withDefaults()))
                    .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                    .formLogin(Customizer.withDefaults());
            return http.build();
        }

        @Bean
        RegisteredClientRepository clients() {
            RegisteredClient gateway = RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(GATEWAY_CLIENT).clientSecret("{noop}" + GATEWAY_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("http://127.0.0.1/login/oauth2/code/oidc")
                    .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                    .clientSettings(ClientSettings.builder().requireAuthorizationConsent(false).build())
                    .build();
            return new InMemoryRegisteredClientRepository(gateway, machine("it-operator", "OPERATOR"),
                    machine("it-metrics", "METRICS"), machine("it-nobody", ""));
        }

        private static RegisteredClient machine(String clientId, String roles) {
            return RegisteredClient.withId(UUID.randomUUID().toString())
                    .clientId(clientId).clientSecret("{noop}" + clientId + MACHINE_SECRET)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                    .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                    .clientSettings(ClientSettings.builder().setting("roles", roles).build())
                    .build();
        }

        /** Access tokens of machines carry their roles; ID tokens carry preferred_username. */
        @Bean
        OAuth2TokenCustomizer<JwtEncodingContext> claims() {
            return context -> {
                if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())
                        && AuthorizationGrantType.CLIENT_CREDENTIALS.equals(context.getAuthorizationGrantType())) {
                    String roles = context.getRegisteredClient().getClientSettings().getSetting("roles");
                    context.getClaims().claim("roles", roles == null || roles.isBlank() ? List.of() : List.of(roles.split(",")));
                }
                if (OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
                    context.getClaims().claim("preferred_username", context.getPrincipal().getName());
                }
            };
        }

        @Bean
        JWKSource<SecurityContext> keys() throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
                    .keyID(UUID.randomUUID().toString()).build();
            return new ImmutableJWKSet<>(new JWKSet(key));
        }

        /** For the OIDC UserInfo endpoint, which takes the access tokens this server issues. */
        @Bean
        org.springframework.security.oauth2.jwt.JwtDecoder jwtDecoder(JWKSource<SecurityContext> keys) {
            return org.springframework.security.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration
                    .jwtDecoder(keys);
        }

        @Bean
        AuthorizationServerSettings settings() {
            return AuthorizationServerSettings.builder().build();
        }

        @Bean
        UserDetailsService people() {
            return new InMemoryUserDetailsManager(
                    User.withUsername(OIDC_OPERATOR).password("{noop}" + OIDC_PASSWORD).roles("USER").build(),
                    User.withUsername(OIDC_STRANGER).password("{noop}" + OIDC_PASSWORD).roles("USER").build());
        }
    }
}

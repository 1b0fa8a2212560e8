package it.pis.gateway.security;

import it.pis.gateway.crypto.PartnerPortFilter;
import it.pis.gateway.journal.AuditTrail;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Collection;
import java.util.List;

/**
 * Who may reach what, in two filter chains:
 * <ol>
 * <li>the partner channels ({@code /fhir}, {@code /soap}, {@code /json}, on the partner port
 *     only): untouched — no login, no session, no CSRF, no added headers; partners are
 *     authenticated by their client certificate and message signatures;</li>
 * <li>everything else, the staff port: a login for everything but health and the login page,
 *     roles per {@link AccessRules}; console sessions (form login with local users, OIDC when
 *     configured) with CSRF; HTTP Basic with local users when enabled; bearer JWTs for machines
 *     when an issuer is configured (stateless, no CSRF). API clients get problem+json 401/403.</li>
 * </ol>
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableConfigurationProperties(SecuritySettings.class)
public class SecurityConfiguration {

    static final String CONSOLE_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

    /** Partner channels keep their own authentication (mutual TLS, WS-Security, ModI): Spring Security stays out. */
    @Bean
    @Order(1)
    SecurityFilterChain partnerChannels(HttpSecurity http) throws Exception {
        http.securityMatcher(new OrRequestMatcher(PartnerPortFilter.PARTNER_PATHS.stream()
                        .<RequestMatcher>map(p -> PathPatternRequestMatcher.withDefaults().matcher(p + "/**")).toList()))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .csrf(c -> c.disable())
                .headers(h -> h.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(r -> r.disable())
                .securityContext(c -> c.disable())
                .anonymous(a -> a.disable())
                .logout(l -> l.disable())
                .formLogin(f -> f.disable())
                .httpBasic(b -> b.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain staff(HttpSecurity http, SecuritySettings settings, ApiRefusals refusals, StaffUsers users,
                              PasswordEncoder passwords) throws Exception {
        RequestMatcher api = new OrRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"),
                PathPatternRequestMatcher.withDefaults().matcher("/actuator/**"));
        http.authorizeHttpRequests(AccessRules::apply)
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(refusals, api)
                        .defaultAccessDeniedHandlerFor(refusals, api))
                .formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/console"))
                // the console loads nothing from elsewhere and runs no inline script (htmx's eval is off)
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONSOLE_POLICY)))
                .csrf(c -> c.ignoringRequestMatchers(request -> settings.basicAuth() && StaffIdentity.isBasic(request)))
                .logout(l -> l.logoutSuccessUrl("/login?logout"));
        if (settings.basicAuth()) {
            // no WWW-Authenticate: Basic challenge, so that browsers never ask for (and keep) Basic credentials
            http.httpBasic(b -> b.authenticationEntryPoint(refusals));
        }
        if (settings.bearer().enabled()) {
            IssuerJwtDecoder decoder = new IssuerJwtDecoder(settings.bearer());
            http.oauth2ResourceServer(rs -> rs.authenticationEntryPoint(refusals).accessDeniedHandler(refusals)
                    .jwt(jwt -> jwt.decoder(decoder).jwtAuthenticationConverter(jwt2 -> token(jwt2, settings.bearer()))));
        }
        if (settings.oidc().enabled()) {
            http.oauth2Login(o -> o.loginPage("/login").clientRegistrationRepository(new OidcRegistration(settings.oidc()))
                    .userInfoEndpoint(u -> u.oidcUserService(new OidcStaffUsers(users, settings.oidc())))
                    .defaultSuccessUrl("/console"));
        }
        return http.build();
    }

    static AbstractAuthenticationToken token(Jwt jwt, SecuritySettings.Bearer bearer) {
        Collection<GrantedAuthority> authorities = OidcStaffUsers.roles(jwt.getClaims().get(bearer.rolesClaimOrDefault()))
                .stream().<GrantedAuthority>map(r -> new SimpleGrantedAuthority(r.authority())).toList();
        String name = jwt.getClaimAsString(bearer.principalClaimOrDefault());
        return new JwtAuthenticationToken(jwt, authorities, name == null ? jwt.getSubject() : name);
    }

    /** Every failed login becomes an event the audit trail hears, OIDC refusals included (Spring maps only some by default). */
    @Bean
    AuthenticationEventPublisher authenticationEventPublisher(ApplicationEventPublisher events) {
        DefaultAuthenticationEventPublisher publisher = new DefaultAuthenticationEventPublisher(events);
        publisher.setDefaultAuthenticationFailureEvent(AuthenticationFailureBadCredentialsEvent.class);
        return publisher;
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return Passwords.encoder();
    }

    @Bean
    StaffUsers staffUsers(JdbcTemplate jdbc, TransactionTemplate tx, PasswordEncoder passwordEncoder, AuditTrail auditTrail,
                          Clock clock, SecuritySettings settings, Environment environment,
                          @Value("${server.address:}") String serverAddress,
                          @Value("${server.ssl.enabled:false}") boolean ssl,
                          @Value("${server.ssl.certificate:${server.ssl.bundle:${server.ssl.key-store:}}}") String sslMaterial) {
        StaffUsers users = new StaffUsers(jdbc, tx, passwordEncoder, auditTrail, clock, settings.lockout());
        boolean production = environment.acceptsProfiles(Profiles.of("production"));
        List<String> problems = DeploymentGuard.problems(production, serverAddress, ssl || !sslMaterial.isBlank(),
                settings, production ? users.enabledDemoUsers() : List.of());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the staff port is not safe to start:\n  - " + String.join("\n  - ", problems));
        }
        if (settings.demoUsers()) {
            DemoUsers.ensure(users);
        }
        return users;
    }

    @Bean
    StaffAudit staffAudit(AuditTrail auditTrail) {
        return new StaffAudit(auditTrail);
    }

    @Bean
    ApiRefusals apiRefusals(JsonMapper json, StaffAudit staffAudit, SecuritySettings settings) {
        return new ApiRefusals(json, staffAudit, settings);
    }

    @Bean
    AuthenticationAudit authenticationAudit(AuditTrail auditTrail, StaffUsers staffUsers) {
        return new AuthenticationAudit(auditTrail, staffUsers);
    }
}

package it.pis.gateway.console;

import it.pis.gateway.security.StaffIdentity;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.WebRequest;

import java.util.Map;

/**
 * Spring Boot's error page (a 403 from the filter chain, a 404) is rendered outside the console's
 * controllers, so {@link ConsoleModel} does not reach it: this puts the logged-in person into its
 * model too, and the page keeps the header with the sections the person may open and the logout
 * button. Only for browsers (Accept: text/html); JSON error bodies stay as Spring Boot writes them.
 */
@Component
class ConsoleErrorAttributes extends DefaultErrorAttributes {

    @Override
    public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
        Map<String, Object> attributes = super.getErrorAttributes(request, options);
        String accept = request.getHeader("Accept");
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (accept != null && accept.contains("text/html") && authentication != null
                && !(authentication instanceof AnonymousAuthenticationToken)) {
            attributes.put("viewer", ConsoleViewer.of(StaffIdentity.of(authentication, null)));
        }
        return attributes;
    }
}

package it.pis.gateway.console;

import it.pis.gateway.security.StaffIdentity;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** Puts {@code viewer} (who is logged in, which sections they may open) in every console page's model. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    @ModelAttribute("viewer")
    ConsoleViewer viewer(Authentication authentication, HttpServletRequest request) {
        if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
            return null;
        }
        return ConsoleViewer.of(StaffIdentity.of(authentication, request));
    }
}

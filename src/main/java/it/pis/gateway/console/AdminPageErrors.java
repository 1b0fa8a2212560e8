package it.pis.gateway.console;

import it.pis.gateway.security.StaffIdentity;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The admin and audit pages' failures as pages that say what happened, never a bare 500: a
 * malformed id in a path, the journal unavailable (503, as the API answers).
 */
@ControllerAdvice(assignableTypes = {PartnersPage.class, AgreementsPage.class, MessagesPage.class, DeliveriesPage.class,
        AuditPage.class})
class AdminPageErrors {

    private static final Logger log = LoggerFactory.getLogger(AdminPageErrors.class);

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    String badRequest(MethodArgumentTypeMismatchException e, HttpServletResponse response, Model model) {
        return problem(response, HttpServletResponse.SC_BAD_REQUEST, "admin.badRequest", model);
    }

    @ExceptionHandler(DataAccessException.class)
    String journalDown(DataAccessException e, HttpServletResponse response, Model model) {
        log.error("journal unavailable for an admin or audit page", e);
        return problem(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "admin.journalDown", model);
    }

    private static String problem(HttpServletResponse response, int status, String key, Model model) {
        // exception handlers get no @ModelAttribute from ConsoleModel: the header still names who is logged in
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)) {
            model.addAttribute("viewer", ConsoleViewer.of(StaffIdentity.of(authentication, null)));
        }
        response.setStatus(status);
        model.addAttribute("status", status);
        model.addAttribute("problem", key);
        return "console/admin/problem";
    }
}

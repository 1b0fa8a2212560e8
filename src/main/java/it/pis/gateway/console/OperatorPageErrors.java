package it.pis.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import it.pis.gateway.security.StaffIdentity;
import org.springframework.dao.DataAccessException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The operator pages' failures as pages that say what happened (never the API's problem+json,
 * never a bare 500): an unknown id, a malformed parameter, the journal unavailable.
 */
@ControllerAdvice(assignableTypes = {InboxController.class, ReportPageController.class, HandoverComposeController.class,
        HandoverPagesController.class, BedsController.class})
class OperatorPageErrors {

    private static final Logger log = LoggerFactory.getLogger(OperatorPageErrors.class);

    @ExceptionHandler(ConsolePaths.NotFound.class)
    String notFound(ConsolePaths.NotFound e, HttpServletResponse response, Model model) {
        return problem(response, HttpServletResponse.SC_NOT_FOUND, e.getMessage(), model);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, IllegalArgumentException.class})
    String badRequest(Exception e, HttpServletResponse response, Model model) {
        return problem(response, HttpServletResponse.SC_BAD_REQUEST, "console.badRequest", model);
    }

    @ExceptionHandler(DataAccessException.class)
    String journalDown(DataAccessException e, HttpServletResponse response, Model model) {
        log.error("journal unavailable for a console page", e);
        return problem(response, HttpServletResponse.SC_SERVICE_UNAVAILABLE, "console.journalDown", model);
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
        return "console/problem";
    }
}

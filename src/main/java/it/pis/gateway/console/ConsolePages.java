package it.pis.gateway.console;

import it.pis.gateway.security.SecuritySettings;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The console's entry points: {@code /login} (the gateway's own page, with the OIDC provider's
 * button when one is configured) and {@code /console}, the start page listing the sections the
 * person's roles open. Each section has its own controller in this package.
 */
@Controller
class ConsolePages {

    private final SecuritySettings settings;

    ConsolePages(SecuritySettings settings) {
        this.settings = settings;
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("oidc", settings.oidc().enabled());
        model.addAttribute("oidcName", settings.oidc().name() == null || settings.oidc().name().isBlank()
                ? "SPID / CIE" : settings.oidc().name());
        return "login";
    }

    @GetMapping({"/", "/console"})
    String home() {
        return "console/home";
    }
}

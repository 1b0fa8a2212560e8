package it.pis.gateway.console;

import it.pis.gateway.agreement.Agreement;
import it.pis.gateway.agreement.AgreementDraft;
import it.pis.gateway.agreement.AgreementProblem;
import it.pis.gateway.agreement.AgreementRegistry;
import it.pis.gateway.agreement.AgreementSet;
import it.pis.gateway.staff.AgreementDesk;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.server.ResponseStatusException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /console/admin/agreements}: the agreements in force, one agreement's file and what it
 * means, checking an edited file against the folder (nothing is saved), and reloading the folder.
 */
@Controller
@RequestMapping("/console/admin/agreements")
class AgreementsPage {

    /** An edited file larger than this is not an agreement; it is refused before it is parsed. */
    static final int MAX_DRAFT_BYTES = 256 * 1024;

    /**
     * The outcome of a check of an edited file, for the page: refused before reading it
     * ({@code refusal}, a message key), or the problems the folder would have (none: it would load).
     */
    record Validation(String fileName, String refusal, List<AgreementProblem> problems) {
        public boolean valid() {
            return refusal == null && problems.isEmpty();
        }
    }

    private final AgreementRegistry registry;
    private final AgreementDraft draft;
    private final AgreementDesk desk;

    AgreementsPage(AgreementRegistry registry, AgreementDraft draft, AgreementDesk desk) {
        this.registry = registry;
        this.draft = draft;
        this.desk = desk;
    }

    @GetMapping
    String list(Model model) {
        AgreementSet set = registry.current();
        model.addAttribute("agreements", set.all().stream().sorted(Comparator.comparing(Agreement::id)).toList());
        model.addAttribute("folder", registry.folder().toString());
        return "console/admin/agreements";
    }

    @PostMapping("/reload")
    String reload(Model model, HttpServletResponse response) {
        AgreementDesk.Outcome outcome = desk.reload();
        if (!outcome.reloaded()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_CONTENT.value());
        }
        model.addAttribute("reload", outcome);
        return list(model);
    }

    @GetMapping("/{id}")
    String show(@PathVariable String id, Model model) {
        AgreementSet set = registry.current();
        Agreement agreement = set.byId(id).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
        Path file = set.fileOf(id);
        model.addAttribute("agreement", agreement);
        model.addAttribute("fileName", file.getFileName().toString());
        model.addAttribute("yaml", read(file));
        return "console/admin/agreement";
    }

    /** Checks the edited text (or the uploaded file) as if saved under {@code fileName}; changes nothing. */
    @PostMapping("/validate")
    String validate(@RequestParam(required = false) String fileName, @RequestParam(required = false) String yaml,
                    @RequestParam(required = false) MultipartFile upload, Model model) {
        boolean uploaded = upload != null && !upload.isEmpty();
        String name = fileName != null && !fileName.isBlank() ? fileName.strip()
                : uploaded ? upload.getOriginalFilename() : null;
        String text = uploaded ? utf8(upload) : yaml;
        String refusal = uploaded && upload.getSize() > MAX_DRAFT_BYTES ? "agreements.validate.tooLarge"
                : uploaded && text == null ? "agreements.validate.notUtf8"
                : text == null || text.isBlank() ? "agreements.validate.empty"
                : text.length() > MAX_DRAFT_BYTES ? "agreements.validate.tooLarge"
                : null;
        List<AgreementProblem> problems = refusal == null ? draft.problems(registry.folder(), name, text) : List.of();
        model.addAttribute("validation", new Validation(name, refusal, problems));
        model.addAttribute("draftName", name);
        model.addAttribute("draft", refusal == null ? text : null);
        return list(model);
    }

    /** The upload as UTF-8 text; null when it is not (or too large to read). */
    private static String utf8(MultipartFile upload) {
        if (upload.getSize() > MAX_DRAFT_BYTES) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(upload.getBytes())).toString();
        } catch (CharacterCodingException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}

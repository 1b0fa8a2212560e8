package it.pis.gateway.staff;

import it.pis.gateway.journal.UnreadableJournalRow;
import it.pis.gateway.outbound.HandoverRefused;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Bad input becomes a 400 that says what is wrong; nothing becomes a bare 500. */
@RestControllerAdvice
class ApiErrors {

    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    @ExceptionHandler(ReportController.BadRequest.class)
    ProblemDetail badRequest(ReportController.BadRequest e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /** A handover not journaled: 400 or 422, every problem with its field in {@code errors}. */
    @ExceptionHandler(HandoverRefused.class)
    ProblemDetail handoverRefused(HandoverRefused e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.valueOf(e.status()), e.getMessage());
        problem.setTitle("Handover not created, nothing was queued");
        problem.setProperty("errors", e.problems());
        return problem;
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ProblemDetail badParameter(MethodArgumentTypeMismatchException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "parameter '" + e.getName() + "': '"
                + e.getValue() + "' is not a valid " + (e.getRequiredType() == null ? "value"
                : e.getRequiredType().getSimpleName()));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ProblemDetail unreadable(HttpMessageNotReadableException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "request body is not valid JSON of the expected shape");
    }

    /** A body the endpoint cannot read (curl -d sends form data unless told otherwise): say what to send. */
    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> unsupportedMediaType(HttpMediaTypeNotSupportedException e) {
        String sent = e.getContentType() == null ? "a body without Content-Type"
                : "Content-Type '" + e.getContentType() + "'";
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNSUPPORTED_MEDIA_TYPE, sent
                + " is not accepted here: send the body as JSON, with the header 'Content-Type: application/json'");
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    /** A sealed journal row that cannot be opened (its key removed, or changed outside the gateway): never shown, named. */
    @ExceptionHandler(UnreadableJournalRow.class)
    ProblemDetail unreadableRow(UnreadableJournalRow e) {
        log.error("{}", e.getMessage());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR, e.getMessage());
        problem.setTitle("Journal row unreadable");
        return problem;
    }

    @ExceptionHandler(org.springframework.dao.DataAccessException.class)
    ProblemDetail journalDown(org.springframework.dao.DataAccessException e) {
        log.error("journal unavailable for a staff request", e);
        return ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, "journal unavailable, retry shortly");
    }
}

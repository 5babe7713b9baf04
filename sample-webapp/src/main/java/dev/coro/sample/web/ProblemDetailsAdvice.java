package dev.coro.sample.web;

import dev.coro.sample.downstream.DownstreamException;
import dev.coro.sample.downstream.DownstreamTimeoutException;
import dev.coro.sample.shop.InvalidOrderException;
import dev.coro.sample.shop.NotFoundException;
import dev.coro.sample.shop.OutOfStockException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Maps the shop's errors to RFC 9457 problem details, once for every variant: an exception thrown by a coroutine
 * handler arrives here exactly as a {@code Mono.error} from a callback chain does.
 *
 * <p>Spring's own errors (unreadable body, bad path variable) keep the base class's problem details; validation
 * errors gain an {@code errors} list of {@code {field, message}}, the same shape as {@link InvalidOrderException}.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        ProblemDetail problem = problem(HttpStatus.NOT_FOUND, "not-found", "Not found", e.getMessage());
        problem.setProperty("resource", e.resource());
        problem.setProperty("id", e.id());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail invalidOrder(InvalidOrderException e) {
        ProblemDetail problem =
                problem(HttpStatus.BAD_REQUEST, "invalid-order", "Invalid order", "Invalid request content.");
        problem.setProperty("errors", List.of(fieldError(e.field(), e.getMessage())));
        return problem;
    }

    @ExceptionHandler
    ProblemDetail outOfStock(OutOfStockException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "out-of-stock", "Out of stock", e.getMessage());
        problem.setProperty("productId", e.productId());
        problem.setProperty("requested", e.requested());
        problem.setProperty("available", e.available());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail downstreamTimeout(DownstreamTimeoutException e) {
        ProblemDetail problem =
                problem(HttpStatus.GATEWAY_TIMEOUT, "downstream-timeout", "Downstream timeout", e.getMessage());
        problem.setProperty("service", e.service());
        problem.setProperty("timeoutMillis", e.timeout().toMillis());
        return problem;
    }

    @ExceptionHandler
    ProblemDetail downstreamFailed(DownstreamException e) {
        // The whole trace at DEBUG (logging.level.dev.coro.sample.web=DEBUG): with the call sites of docs/debugging.md.
        if (logger.isDebugEnabled()) {
            logger.debug("downstream failed", e);
        }
        ProblemDetail problem =
                problem(HttpStatus.BAD_GATEWAY, "downstream-failed", "Downstream failure", e.getMessage());
        problem.setProperty("service", e.service());
        return problem;
    }

    /**
     * The database is unreachable (refused or lost connections, no connection for a transaction): a 503 the client
     * may retry, and nothing of the driver's message (hosts, ports) in the answer.
     */
    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        TransientDataAccessResourceException.class,
        CannotCreateTransactionException.class
    })
    ResponseEntity<ProblemDetail> databaseUnavailable(Exception e) {
        logger.warn("database unavailable: " + e);
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "database-unavailable",
                "Database unavailable",
                "The shop's database cannot be reached; try again later.");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "5")
                .body(problem);
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleWebExchangeBindException(
            WebExchangeBindException e, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        List<Map<String, String>> errors = e.getFieldErrors().stream()
                .sorted((a, b) -> a.getField().compareTo(b.getField()))
                .map(ProblemDetailsAdvice::fieldError)
                .toList();
        e.getBody().setProperty("errors", errors);
        return super.handleWebExchangeBindException(e, headers, status, exchange);
    }

    private static Map<String, String> fieldError(FieldError error) {
        String message = error.getDefaultMessage();
        return fieldError(error.getField(), message == null ? "is invalid" : message);
    }

    private static Map<String, String> fieldError(String field, String message) {
        return Map.of("field", field, "message", message);
    }

    private static ProblemDetail problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:coro-sample:problem:" + type));
        problem.setTitle(title);
        return problem;
    }
}

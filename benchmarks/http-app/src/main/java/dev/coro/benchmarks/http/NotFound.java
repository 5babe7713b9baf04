package dev.coro.benchmarks.http;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** The 404 every variant answers for a missing order or customer. */
final class NotFound {

    private NotFound() {}

    static ResponseStatusException of(String what, long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, what + " " + id + " does not exist");
    }
}

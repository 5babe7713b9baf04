package dev.coro.spring;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Global error mapping, applied to coroutine and reactive handlers alike. */
@RestControllerAdvice
class ErrorAdvice {

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badInput(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.UNPROCESSABLE_CONTENT)
                .header("X-Advice", "ErrorAdvice")
                .body(Map.of("error", String.valueOf(e.getMessage())));
    }
}

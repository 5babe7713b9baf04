package dev.coro.spring;

import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A {@code @ModelAttribute} method that fails: the coroutine handler must not run, the advice answers. */
@RestController
class FailingModelController {

    final AtomicInteger calls = new AtomicInteger();

    @ModelAttribute("account")
    String account(@RequestParam(defaultValue = "ok") String account) {
        if (account.equals("bad")) {
            throw new IllegalArgumentException("no such account");
        }
        return account;
    }

    @Coroutine
    @GetMapping("/model/account")
    String show(@ModelAttribute("account") String account) {
        calls.incrementAndGet();
        return account;
    }
}

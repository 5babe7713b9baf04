package dev.coro.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.RepeatedTest;

/**
 * {@link HeadlessChromium#close()} leaves nothing behind: Chromium's helper processes, which go on writing into the
 * profile after the main process exits, are gone, and so is the profile folder.
 */
class HeadlessChromiumTest {

    @RepeatedTest(3)
    void closeEndsEveryChromiumProcessAndDeletesTheProfile() throws Exception {
        Optional<Path> binary = HeadlessChromium.find();
        Assumptions.assumeTrue(
                binary.isPresent() || "true".equalsIgnoreCase(System.getenv("CI")),
                "no chromium: install it with sample-webapp/scripts/chromium.sh");
        HeadlessChromium browser = new HeadlessChromium(binary.orElseThrow(), "about:blank");
        Path profile = browser.profile();
        assertThat(browser.evaluate("1 + 1").asInt()).isEqualTo(2);
        assertThat(browser.browserProcesses()).hasSizeGreaterThan(1); // the browser and its helpers

        browser.close();

        assertThat(browser.browserProcesses()).isEmpty();
        assertThat(profile).doesNotExist();
    }
}

package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.GenericApplicationContext;

/**
 * On Spring Boot 3 the starter must fail startup naming the version found and the one needed. Boot's version comes
 * from its jar's manifest, so the check takes it from a supplier and these tests hand it the versions to judge.
 */
@ExtendWith(OutputCaptureExtension.class)
class BootVersionCheckTests {

    private static final Pattern BOOT_CLASS = Pattern.compile("org/springframework/boot/[A-Za-z0-9_/$]+");

    @ParameterizedTest
    @ValueSource(strings = {"3.5.6", "3.0.0", "2.7.18", "3.5.0-SNAPSHOT"})
    void olderBootFailsNamingTheVersionFoundAndTheOneNeeded(String version) {
        assertThatThrownBy(() -> new BootVersionCheck(() -> version).initialize(new GenericApplicationContext()))
                .isInstanceOf(BootVersionCheck.UnsupportedBootVersionException.class)
                .hasMessageContaining("found Spring Boot " + version)
                .hasMessageContaining("needs Spring Boot 4.0 or newer")
                .hasMessageContaining("Upgrade to Spring Boot 4");
    }

    @ParameterizedTest
    @ValueSource(strings = {"4.0.0", "4.0.3", "4.1.2", "4.2.0-M1", "4.2.0"})
    void bootFourPasses(String version) {
        assertThatNoException()
                .isThrownBy(() -> new BootVersionCheck(() -> version).initialize(new GenericApplicationContext()));
    }

    @Test
    void unknownVersionPasses() {
        assertThatNoException()
                .isThrownBy(() -> new BootVersionCheck(() -> null).initialize(new GenericApplicationContext()));
    }

    @Test
    void theRealBootOfThisBuildPasses() {
        assertThat(SpringBootVersion.getVersion()).startsWith("4.");
        assertThatNoException().isThrownBy(() -> new BootVersionCheck().initialize(new GenericApplicationContext()));
    }

    @Test
    void registeredForEverySpringApplication() {
        assertThat(new SpringApplication().getInitializers()).hasAtLeastOneElementOfType(BootVersionCheck.class);
    }

    @Test
    void startupFailsWithBootsFailureReport(CapturedOutput output) {
        SpringApplication application = new SpringApplication(EmptyApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.addInitializers(new BootVersionCheck(() -> "3.5.6"));
        assertThatThrownBy(application::run).isInstanceOf(BootVersionCheck.UnsupportedBootVersionException.class);
        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("coro-spring-boot-starter needs Spring Boot 4.0 or newer")
                .contains("runs on Spring Boot 3.5.6")
                .contains("Upgrade the application to Spring Boot 4");
    }

    @Test
    void analyzerNamesBothVersionsAndTheFix() {
        FailureAnalysis analysis = new UnsupportedBootVersionFailureAnalyzer()
                .analyze(new BootVersionCheck.UnsupportedBootVersionException("3.4.1"));
        assertThat(analysis.getDescription()).contains("Spring Boot 3.4.1").contains("Spring Boot 4.0 or newer");
        assertThat(analysis.getAction()).contains("Upgrade the application to Spring Boot 4");
    }

    /**
     * The check must load where the rest of the starter cannot: every Spring Boot class it references exists in Boot
     * 3 under the same name (Boot 4 moved many, e.g. EnvironmentPostProcessor and the WebFlux auto-configuration).
     */
    @Test
    void referencesOnlyClassesThatSpringBoot3HasToo() throws IOException {
        Set<String> boot = new TreeSet<>();
        for (Class<?> type : new Class<?>[] {
            BootVersionCheck.class,
            BootVersionCheck.UnsupportedBootVersionException.class,
            UnsupportedBootVersionFailureAnalyzer.class
        }) {
            boot.addAll(referencedClasses(type));
        }
        assertThat(boot)
                .isSubsetOf(
                        "org/springframework/boot/SpringBootVersion",
                        "org/springframework/boot/diagnostics/AbstractFailureAnalyzer",
                        "org/springframework/boot/diagnostics/FailureAnalysis");
    }

    /** Every Spring Boot class named in the class file: constant pool entries and descriptors alike. */
    private static Set<String> referencedClasses(Class<?> type) throws IOException {
        try (InputStream in = type.getResourceAsStream("/" + type.getName().replace('.', '/') + ".class")) {
            assertThat(in).as(type.getName()).isNotNull();
            String text = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            Set<String> names = new TreeSet<>();
            Matcher matcher = BOOT_CLASS.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group());
            }
            return names;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class EmptyApplication {}
}

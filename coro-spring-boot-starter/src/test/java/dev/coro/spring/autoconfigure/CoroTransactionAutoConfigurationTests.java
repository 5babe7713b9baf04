package dev.coro.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.coro.spring.Coroutine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.ReactiveTransaction;
import org.springframework.transaction.ReactiveTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.annotation.AnnotationTransactionAttributeSource;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.interceptor.TransactionInterceptor;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@ExtendWith(OutputCaptureExtension.class)
class CoroTransactionAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CoroAutoConfiguration.class,
                    CoroTransactionAutoConfiguration.class,
                    TransactionAutoConfiguration.class));

    private final ReactiveWebApplicationContextRunner webRunner = new ReactiveWebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    CoroAutoConfiguration.class,
                    CoroWebFluxAutoConfiguration.class,
                    WebFluxAutoConfiguration.class,
                    CoroTransactionAutoConfiguration.class,
                    TransactionAutoConfiguration.class));

    @Test
    void replacesSpringsTransactionInterceptor() {
        runner.withBean(ReactiveTransactionManager.class, StubReactiveTransactionManager::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).hasSingleBean(CoroTransactionInterceptorInstaller.class);
                    assertThat(context.getBean(TransactionInterceptor.class))
                            .isInstanceOf(CoroTransactionInterceptor.class);
                });
    }

    @Test
    void leavesAnInterceptorOfTheApplicationsOwnAndWarns(CapturedOutput output) {
        runner.withBean(ReactiveTransactionManager.class, StubReactiveTransactionManager::new)
                .withBean("ownInterceptor", OwnInterceptor.class, OwnInterceptor::new)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean("ownInterceptor")).isExactlyInstanceOf(OwnInterceptor.class);
                    assertThat(output.getAll())
                            .contains("the TransactionInterceptor bean 'ownInterceptor' is a")
                            .contains("TransactionalOperator.transactional(Coro.mono(...))");
                });
    }

    @Test
    void offWithCoroEnabledFalse() {
        runner.withBean(ReactiveTransactionManager.class, StubReactiveTransactionManager::new)
                .withPropertyValues("coro.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(CoroTransactionInterceptorInstaller.class);
                    assertThat(context.getBean(TransactionInterceptor.class))
                            .isExactlyInstanceOf(TransactionInterceptor.class);
                });
    }

    @Test
    void absentWithoutSpringTx() {
        runner.withClassLoader(new FilteredClassLoader(ReactiveTransactionManager.class))
                .run(context -> assertThat(context).doesNotHaveBean(CoroTransactionInterceptorInstaller.class));
    }

    @Test
    void aTransactionalCoroutineHandlerWithAnImperativeManagerWarnsAtStartup(CapturedOutput output) {
        webRunner
                .withBean(PlatformTransactionManager.class, StubPlatformTransactionManager::new)
                .withUserConfiguration(TransactionalController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getAll())
                            .contains("@Transactional @Coroutine handler methods with an imperative transaction "
                                    + "manager: [" + TransactionalController.class.getName() + ".write (")
                            .contains("define a ReactiveTransactionManager");
                });
    }

    @Test
    void aTransactionalCoroutineHandlerWithAReactiveManagerStartsQuietly(CapturedOutput output) {
        webRunner
                .withBean(ReactiveTransactionManager.class, StubReactiveTransactionManager::new)
                .withUserConfiguration(TransactionalController.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getAll()).doesNotContain("@Transactional @Coroutine handler methods");
                });
    }

    @Test
    void aTransactionalCoroutineHandlerWhoseManagerCannotBeFoundFailsStartup() {
        webRunner
                .withBean(ReactiveTransactionManager.class, StubReactiveTransactionManager::new)
                .withUserConfiguration(MisqualifiedController.class)
                .run(context -> assertThat(context)
                        .getFailure()
                        .hasMessageContaining("@Transactional @Coroutine handler methods whose transaction manager "
                                + "cannot be found: [" + MisqualifiedController.class.getName() + ".write: ")
                        .hasMessageContaining("missing"));
    }

    @RestController
    static class TransactionalController {
        @Coroutine
        @Transactional
        @GetMapping("/write")
        public String write() {
            return "x";
        }
    }

    @RestController
    static class MisqualifiedController {
        @Coroutine
        @Transactional("missing")
        @GetMapping("/write")
        public String write() {
            return "x";
        }
    }

    static class OwnInterceptor extends TransactionInterceptor {
        OwnInterceptor() {
            setTransactionAttributeSource(new AnnotationTransactionAttributeSource());
        }
    }

    static class StubReactiveTransactionManager implements ReactiveTransactionManager {
        @Override
        public Mono<ReactiveTransaction> getReactiveTransaction(TransactionDefinition definition) {
            return Mono.error(new UnsupportedOperationException("stub"));
        }

        @Override
        public Mono<Void> commit(ReactiveTransaction transaction) {
            return Mono.empty();
        }

        @Override
        public Mono<Void> rollback(ReactiveTransaction transaction) {
            return Mono.empty();
        }
    }

    static class StubPlatformTransactionManager implements PlatformTransactionManager {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            throw new UnsupportedOperationException("stub");
        }

        @Override
        public void commit(TransactionStatus status) {}

        @Override
        public void rollback(TransactionStatus status) {}
    }
}
